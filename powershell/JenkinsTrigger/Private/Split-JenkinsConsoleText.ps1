function Split-JenkinsConsoleText
{
    <#
    .SYNOPSIS
        Splits console text into whole lines, keeping an unfinished last line for later.

    .DESCRIPTION
        The library hands out console text with "\n" line ends. A chunk may end inside a line
        that the build is still writing; that part is returned as Carry and put in front of
        the next chunk. With -Final (the build has finished writing) the rest is a line too.
        Returns a hashtable: Lines (string[]) and Carry (string).

        A line that starts with an Octopus service message ("##octopus[") gets a leading
        space: the build's console must not set Octopus variables or fail the step.

    .PARAMETER Text
        The new console text.

    .PARAMETER Carry
        The unfinished line kept from the previous chunk.

    .PARAMETER Final
        No more text will come.

    .EXAMPLE
        $split = Split-JenkinsConsoleText -Text $chunk.Text -Carry $carry -Final:(-not $chunk.More)
    #>
    [CmdletBinding()]
    [OutputType([System.Collections.Hashtable])]
    param
    (
        [Parameter()]
        [System.String]
        $Text,

        [Parameter()]
        [System.String]
        $Carry,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $Final
    )

    $parts = ($Carry + $Text).Split([System.Char[]]@([System.Char]10))
    $lines = New-Object -TypeName 'System.Collections.Generic.List[System.String]'
    for ($index = 0; $index -lt $parts.Length - 1; $index++)
    {
        $lines.Add((Protect-JenkinsConsoleLine -Line $parts[$index].TrimEnd([System.Char]13)))
    }
    $rest = $parts[$parts.Length - 1]
    if ($Final -and $rest.Length -gt 0)
    {
        $lines.Add((Protect-JenkinsConsoleLine -Line $rest.TrimEnd([System.Char]13)))
        $rest = ''
    }
    return @{ Lines = $lines.ToArray(); Carry = $rest }
}
