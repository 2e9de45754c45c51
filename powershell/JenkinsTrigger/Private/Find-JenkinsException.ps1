function Find-JenkinsException
{
    <#
    .SYNOPSIS
        Finds the JenkinsTrigger.JenkinsException in a caught error, or returns nothing.

    .DESCRIPTION
        PowerShell wraps an exception thrown by a .NET method in a MethodInvocationException
        (or a Get/SetValueInvocationException for properties). This walks the chain of inner
        exceptions and returns the first JenkinsTrigger.JenkinsException, whose Status and
        HttpStatus say what failed.

    .PARAMETER ErrorRecord
        The error caught by a catch block ($_).

    .EXAMPLE
        $jenkinsException = Find-JenkinsException -ErrorRecord $_
        if ($null -ne $jenkinsException -and $jenkinsException.Status.ToString() -eq 'Timeout') { }
    #>
    [CmdletBinding()]
    [OutputType([System.Exception])]
    param
    (
        [Parameter()]
        [System.Management.Automation.ErrorRecord]
        $ErrorRecord
    )

    if ($null -eq $ErrorRecord)
    {
        return $null
    }
    $jenkinsExceptionType = 'JenkinsTrigger.JenkinsException' -as [System.Type]
    $exception = $ErrorRecord.Exception
    while ($null -ne $exception)
    {
        if ($null -ne $jenkinsExceptionType -and $exception -is $jenkinsExceptionType)
        {
            return $exception
        }
        $exception = $exception.InnerException
    }
    return $null
}
