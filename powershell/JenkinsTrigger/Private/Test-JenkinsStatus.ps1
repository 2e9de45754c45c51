function Test-JenkinsStatus
{
    <#
    .SYNOPSIS
        Tells whether a caught error is a JenkinsException with one of the given statuses.

    .DESCRIPTION
        Used by the waiting loops: a Timeout from one short native wait means "not yet", and a
        NotFound just after a build started means "not visible yet"; any other error ends the
        wait.

    .PARAMETER ErrorRecord
        The error caught by a catch block ($_).

    .PARAMETER Status
        JtStatus names to look for, e.g. 'Timeout'.

    .EXAMPLE
        if (-not (Test-JenkinsStatus -ErrorRecord $_ -Status 'Timeout')) { throw }
    #>
    [CmdletBinding()]
    [OutputType([System.Boolean])]
    param
    (
        [Parameter()]
        [System.Management.Automation.ErrorRecord]
        $ErrorRecord,

        [Parameter()]
        [System.String[]]
        $Status
    )

    $jenkinsException = Find-JenkinsException -ErrorRecord $ErrorRecord
    if ($null -eq $jenkinsException)
    {
        return $false
    }
    return $Status -contains $jenkinsException.Status.ToString()
}
