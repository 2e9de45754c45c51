function Protect-JenkinsConsoleLine
{
    <#
    .SYNOPSIS
        Defuses an Octopus service message at the start of a console line.

    .DESCRIPTION
        Octopus reads lines that start with "##octopus[" in a step's output as commands (set
        a variable, fail the step). A Jenkins console is not trusted to give such commands, so
        such a line gets a leading space and is shown as plain text.

    .PARAMETER Line
        One console line, without its line end.

    .EXAMPLE
        $line = Protect-JenkinsConsoleLine -Line '##octopus[setVariable name=...]'
    #>
    [CmdletBinding()]
    [OutputType([System.String])]
    param
    (
        [Parameter()]
        [System.String]
        $Line
    )

    if ($Line.TrimStart().StartsWith('##octopus[', [System.StringComparison]::OrdinalIgnoreCase))
    {
        return ' ' + $Line.TrimStart()
    }
    return $Line
}
