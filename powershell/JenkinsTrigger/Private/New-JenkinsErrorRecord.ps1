function New-JenkinsErrorRecord
{
    <#
    .SYNOPSIS
        Builds the ErrorRecord for every error the module reports.

    .DESCRIPTION
        The one place where errors are made. Given a caught error (-ErrorRecord), it looks for
        the JenkinsTrigger.JenkinsException inside it (PowerShell wraps exceptions of .NET
        method calls in a MethodInvocationException) and names the error after its status:
        ErrorId 'Jenkins<Status>' (JenkinsUnauthorized, JenkinsNotFound, ...) with the matching
        ErrorCategory and the native message, which never holds a secret. Any other caught
        exception becomes 'JenkinsUnexpectedError'.

        Given -ErrorId and -Message instead, it makes an error of the module's own (a missing
        argument, a failed build, a timeout of the overall wait).

    .PARAMETER ErrorRecord
        The error caught by a catch block ($_).

    .PARAMETER ErrorId
        The ErrorId of an error of the module's own, e.g. 'JenkinsBuildFailed'.

    .PARAMETER Message
        The message of an error of the module's own. Must not hold a secret.

    .PARAMETER Category
        The category of an error of the module's own.

    .PARAMETER TargetObject
        What the command was working on: the job name, a build URL or a build object.

    .EXAMPLE
        $PSCmdlet.ThrowTerminatingError((New-JenkinsErrorRecord -ErrorRecord $_ -TargetObject $Job))

    .EXAMPLE
        New-JenkinsErrorRecord -ErrorId 'JenkinsJobMissing' -Message $text -Category InvalidArgument
    #>
    [CmdletBinding(DefaultParameterSetName = 'Caught')]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param
    (
        [Parameter(ParameterSetName = 'Caught')]
        [System.Management.Automation.ErrorRecord]
        $ErrorRecord,

        [Parameter(ParameterSetName = 'Own')]
        [System.String]
        $ErrorId,

        [Parameter(ParameterSetName = 'Own')]
        [System.String]
        $Message,

        [Parameter(ParameterSetName = 'Own')]
        [System.Management.Automation.ErrorCategory]
        $Category = [System.Management.Automation.ErrorCategory]::NotSpecified,

        [Parameter()]
        [System.Object]
        $TargetObject
    )

    # A URL given as https://user:secret@host/ must not carry its credentials into the error
    # record, whose default view prints the target.
    if ($TargetObject -is [System.String])
    {
        $TargetObject = $TargetObject -replace '(?<=://)[^/@]*@', ''
    }

    # JtStatus name -> ErrorCategory. The ErrorId is 'Jenkins' + the status name.
    $categories = @{
        InvalidArgument = [System.Management.Automation.ErrorCategory]::InvalidArgument
        Connect         = [System.Management.Automation.ErrorCategory]::ConnectionError
        Tls             = [System.Management.Automation.ErrorCategory]::SecurityError
        Timeout         = [System.Management.Automation.ErrorCategory]::OperationTimeout
        Unauthorized    = [System.Management.Automation.ErrorCategory]::AuthenticationError
        Forbidden       = [System.Management.Automation.ErrorCategory]::PermissionDenied
        Crumb           = [System.Management.Automation.ErrorCategory]::SecurityError
        NotFound        = [System.Management.Automation.ErrorCategory]::ObjectNotFound
        Http            = [System.Management.Automation.ErrorCategory]::InvalidResult
        Protocol        = [System.Management.Automation.ErrorCategory]::ProtocolError
        Cancelled       = [System.Management.Automation.ErrorCategory]::OperationStopped
        Internal        = [System.Management.Automation.ErrorCategory]::NotSpecified
    }

    if ($PSCmdlet.ParameterSetName -eq 'Own')
    {
        $exception = switch ($Category)
        {
            'InvalidArgument'
            {
                [System.ArgumentException]::new($Message)
            }
            'OperationTimeout'
            {
                [System.TimeoutException]::new($Message)
            }
            default
            {
                [System.InvalidOperationException]::new($Message)
            }
        }
        return [System.Management.Automation.ErrorRecord]::new($exception, $ErrorId, $Category, $TargetObject)
    }

    $jenkinsException = Find-JenkinsException -ErrorRecord $ErrorRecord
    if ($null -ne $jenkinsException)
    {
        $status = $jenkinsException.Status.ToString()
        $statusCategory = [System.Management.Automation.ErrorCategory]::NotSpecified
        if ($categories.ContainsKey($status))
        {
            $statusCategory = $categories[$status]
        }
        return [System.Management.Automation.ErrorRecord]::new($jenkinsException, ('Jenkins' + $status),
            $statusCategory, $TargetObject)
    }

    # Not from the library: a disposed session, a .NET error. Keep the innermost exception,
    # whose message says what happened.
    $inner = $ErrorRecord.Exception
    while ($inner -is [System.Management.Automation.RuntimeException] -and
        $null -ne $inner.InnerException)
    {
        $inner = $inner.InnerException
    }
    return [System.Management.Automation.ErrorRecord]::new($inner, 'JenkinsUnexpectedError',
        [System.Management.Automation.ErrorCategory]::NotSpecified, $TargetObject)
}
