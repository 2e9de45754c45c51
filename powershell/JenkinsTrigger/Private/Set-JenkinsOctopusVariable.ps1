function Set-JenkinsOctopusVariable
{
    <#
    .SYNOPSIS
        Sets Octopus Deploy output variables, and writes a highlighted line, when the module
        runs inside an Octopus script step.

    .DESCRIPTION
        Octopus defines Set-OctopusVariable and Write-Highlight in the script that imports the
        module. They are looked up through the calling command's session state, so they are
        found wherever the step's script defined them; elsewhere this does nothing. Variables
        whose value is missing are skipped; values are sent as invariant-culture text.

    .PARAMETER Cmdlet
        The calling command's $PSCmdlet; without it nothing is set.

    .PARAMETER Variables
        Names and values, e.g. JenkinsBuildNumber = 13.

    .PARAMETER Highlight
        A line for the Octopus task summary (Write-Highlight).

    .EXAMPLE
        Set-JenkinsOctopusVariable -Cmdlet $PSCmdlet -Variables ([ordered]@{ JenkinsQueueId = 12 })
    #>
    [CmdletBinding()]
    [OutputType([System.Void])]
    param
    (
        [Parameter()]
        [System.Management.Automation.PSCmdlet]
        $Cmdlet,

        [Parameter()]
        [System.Collections.IDictionary]
        $Variables,

        [Parameter()]
        [System.String]
        $Highlight
    )

    if ($null -eq $Cmdlet)
    {
        return
    }
    $functionType = [System.Management.Automation.CommandTypes]::Function
    $setVariable = $Cmdlet.SessionState.InvokeCommand.GetCommand('Set-OctopusVariable', $functionType)
    if ($null -ne $setVariable -and $null -ne $Variables)
    {
        foreach ($name in @($Variables.Keys))
        {
            $value = $Variables[$name]
            if ($null -eq $value)
            {
                continue
            }
            $text = [System.Convert]::ToString($value, [System.Globalization.CultureInfo]::InvariantCulture)
            if ($text.Length -eq 0)
            {
                continue
            }
            & $setVariable -name $name -value $text
            Write-Verbose -Message ($script:LocalizedData.OctopusVariableSet -f $name, $text)
        }
    }

    if (-not [System.String]::IsNullOrEmpty($Highlight))
    {
        $writeHighlight = $Cmdlet.SessionState.InvokeCommand.GetCommand('Write-Highlight', $functionType)
        if ($null -ne $writeHighlight)
        {
            & $writeHighlight $Highlight
        }
    }
}
