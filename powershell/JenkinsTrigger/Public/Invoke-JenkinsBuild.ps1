function Invoke-JenkinsBuild
{
    <#
    .SYNOPSIS
        Triggers a Jenkins build and, with -Wait, follows it to its result.

    .DESCRIPTION
        Invoke-JenkinsBuild queues a build of a Jenkins job, with or without parameters, and
        gets every trap of Jenkins' remote API right: CSRF crumbs and the session cookie they
        are bound to, API tokens versus passwords, folders and non-ASCII job names, /build
        versus /buildWithParameters. Parameter names are checked against the job's
        definitions before anything runs, since Jenkins silently ignores unknown names.

        Without -Wait it returns once Jenkins has queued the build. With -Wait it follows the
        queue item (never the job's lastBuild) to its build and waits for the result, showing
        progress, within -Timeout seconds of wall-clock time for queue and build together.
        A build that ends FAILURE, NOT_BUILT or ABORTED, or UNSTABLE without -AllowUnstable,
        is a terminating error (ErrorId JenkinsBuildFailed, JenkinsBuildNotBuilt,
        JenkinsBuildAborted, JenkinsBuildUnstable), so an Octopus Deploy step or a script
        with $ErrorActionPreference = 'Stop' fails. Running out of time is the error
        JenkinsTimeout; the build keeps running unless -StopOnTimeout is given.

        Errors from Jenkins are terminating errors whose ErrorId names the cause:
        JenkinsUnauthorized (wrong user, password or token), JenkinsForbidden (no Build
        permission), JenkinsCrumb, JenkinsNotFound (no such job), JenkinsHttp (e.g. 409 for a
        disabled job), JenkinsInvalidArgument (e.g. an unknown parameter name), JenkinsConnect,
        JenkinsTls, JenkinsTimeout, JenkinsCancelled (the queue item was cancelled),
        JenkinsProtocol. Messages never contain a password, token or crumb.

        Inside an Octopus Deploy step (where Set-OctopusVariable exists) it sets the output
        variables JenkinsQueueId, JenkinsBuildNumber, JenkinsBuildUrl and JenkinsBuildResult,
        and writes a highlighted line with the build's URL once it starts.

        The command never prompts: missing values are errors. Ctrl+C stops the waiting within
        about a second; the build itself keeps running in Jenkins.

    .PARAMETER Job
        The job's full name, folders separated by '/', e.g. 'team/backend/Deploy Web', or
        its absolute URL. A multibranch branch is named the way Jenkins names its item, with
        '/' in the branch name written as %2F: 'service/feature%2Flogin'.

    .PARAMETER Parameters
        The build parameters as a hashtable (or [ordered] dictionary) of names and values.
        Booleans are sent as true/false, a SecureString as its text, an array as its items
        joined with ','. Without -Parameters a parameterized job runs with its defaults.

    .PARAMETER Wait
        Wait for the build to start and finish, and fail when it does not succeed.

    .PARAMETER ShowLog
        Stream the build's console to the information stream as lines arrive (shown on
        screen and in Octopus logs unless -InformationAction says otherwise; tag
        JenkinsConsole). Implies -Wait.

    .PARAMETER Timeout
        Seconds to wait, queue and build together, measured by the clock (1 to 2592000).
        Default: 3600.

    .PARAMETER PollInterval
        Longest pause between two polls, in seconds (0.05 to 240). Polling starts at 0.25 s
        and doubles up to it. Default: 5.

    .PARAMETER AllowUnstable
        Treat an UNSTABLE build (it ran, but tests or quality gates failed) as success.

    .PARAMETER StopOnTimeout
        When -Timeout passes, stop the build, or cancel the queue item if it has not started.

    .PARAMETER PassThru
        Return a JenkinsTrigger.Build object: at once without -Wait, at the end with it.

    .PARAMETER Delay
        The quiet period in seconds before the build may start; 0 starts it at once. Default:
        the job's own quiet period.

    .PARAMETER Uri
        The Jenkins root URL, with its context path if any, e.g. https://ci.example/jenkins/.
        Defaults to the JENKINS_URL environment variable. -Uri and -Credential take precedence
        over -Session.

    .PARAMETER Credential
        The Jenkins user name and password, or user name and API token (then also give
        -ApiToken). Without -Credential and -Session, the JENKINS_USER_ID and
        JENKINS_API_TOKEN environment variables are used when both are set.

    .PARAMETER ApiToken
        The password of -Credential is an API token: a trigger then costs one request
        instead of two, since Jenkins exempts tokens from CSRF crumbs.

    .PARAMETER Session
        A session from New-JenkinsSession to use instead of -Uri and -Credential.

    .EXAMPLE
        Invoke-JenkinsBuild -Job 'Run a script' -Wait -ShowLog

        Uses JENKINS_URL, JENKINS_USER_ID and JENKINS_API_TOKEN, triggers the job, streams its
        console and fails unless the build ends SUCCESS. The usual Octopus Deploy step.

    .EXAMPLE
        $build = Invoke-JenkinsBuild -Job 'team/backend/Deploy Web' -Parameters @{ VERSION = '2.3' } `
            -Uri 'https://ci.example/jenkins/' -Credential $credential -ApiToken -Wait -PassThru
        $build.Url

        Triggers a parameterized job in a folder with an API token and returns the finished
        build.

    .EXAMPLE
        Invoke-JenkinsBuild -Job 'nightly-tests' -Wait -AllowUnstable -Timeout 1800 -StopOnTimeout

        Accepts UNSTABLE as success, and stops the build if it has not finished after 30
        minutes.

    .EXAMPLE
        Invoke-JenkinsBuild -Job 'app' -PassThru | Wait-JenkinsBuild -ShowLog

        Triggers, then waits in a second command; the build object carries the connection.

    .EXAMPLE
        Invoke-JenkinsBuild -Job 'app' -Parameters @{ DRY_RUN = $true } -WhatIf

        Shows what would be triggered without sending any request.

    .EXAMPLE
        try
        {
            Invoke-JenkinsBuild -Job 'app' -Wait
        }
        catch
        {
            if ($_.FullyQualifiedErrorId -like 'JenkinsBuildFailed,*') { $_.TargetObject.Url }
            throw
        }

        Reads the failed build's URL from the error's TargetObject (a JenkinsTrigger.Build).

    .INPUTS
        System.String: job names, or objects with a Job property.

    .OUTPUTS
        JenkinsTrigger.Build, with -PassThru: Job, QueueId, Number, Url, Result (SUCCESS,
        UNSTABLE, FAILURE, NOT_BUILT, ABORTED; nothing while queued or running), Duration
        (how long the command waited) and Building.

    .LINK
        Wait-JenkinsBuild

    .LINK
        New-JenkinsSession

    .LINK
        about_JenkinsTrigger
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    [OutputType('JenkinsTrigger.Build')]
    param
    (
        [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
        [System.String]
        $Job,

        [Parameter(Position = 1)]
        [System.Collections.IDictionary]
        $Parameters,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $Wait,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $ShowLog,

        [Parameter()]
        [ValidateRange(1, 2592000)]
        [System.Int32]
        $Timeout = 3600,

        [Parameter()]
        [ValidateRange(0.05, 240.0)]
        [System.Double]
        $PollInterval = 5.0,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $AllowUnstable,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $StopOnTimeout,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $PassThru,

        [Parameter()]
        [ValidateRange(0, 2592000)]
        [System.Int32]
        $Delay,

        [Parameter()]
        [System.String]
        $Uri,

        [Parameter()]
        [System.Management.Automation.PSCredential]
        $Credential,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $ApiToken,

        [Parameter()]
        [System.Object]
        $Session
    )

    process
    {
        if ([System.String]::IsNullOrWhiteSpace($Job))
        {
            $PSCmdlet.ThrowTerminatingError((New-JenkinsErrorRecord -ErrorId 'JenkinsJobMissing' `
                        -Message $script:LocalizedData.JobMissing -Category InvalidArgument))
        }

        $connection = Resolve-JenkinsConnection -Uri $Uri -Credential $Credential -ApiToken:$ApiToken `
            -Session $Session -Cmdlet $PSCmdlet
        $jenkins = $connection.Session
        $keepSession = $false
        try
        {
            $parameterNames = $script:LocalizedData.NoParameters
            if ($null -ne $Parameters -and $Parameters.Count -gt 0)
            {
                $parameterNames = @($Parameters.Keys) -join ', '
            }
            $target = $script:LocalizedData.TriggerTarget -f $Job, $jenkins.Uri
            $action = $script:LocalizedData.TriggerAction -f $parameterNames
            # Windows PowerShell 5.1 turns -Debug into "confirm every change", which would make
            # an unattended step prompt (and fail); -WhatIf and an explicit -Confirm still count.
            $debugOnly = $PSBoundParameters.ContainsKey('Debug') -and
                -not $PSBoundParameters.ContainsKey('Confirm')
            $askFirst = $WhatIfPreference -or -not $debugOnly
            if ($askFirst -and -not $PSCmdlet.ShouldProcess($target, $action))
            {
                return
            }

            $delaySeconds = [System.Int64]-1
            if ($PSBoundParameters.ContainsKey('Delay'))
            {
                $delaySeconds = [System.Int64]$Delay
            }
            $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
            try
            {
                $dictionary = ConvertTo-JenkinsParameterDictionary -Parameters $Parameters
                Write-Verbose -Message ($script:LocalizedData.Triggering -f $Job, $jenkins.Uri, $parameterNames)
                $queued = $jenkins.Client.Trigger($Job, $dictionary, $delaySeconds, $null)
            }
            catch
            {
                $PSCmdlet.ThrowTerminatingError((New-JenkinsErrorRecord -ErrorRecord $_ -TargetObject $Job))
            }
            Write-Verbose -Message ($script:LocalizedData.Queued -f $Job, $queued.QueueId, $queued.QueueUrl)
            Set-JenkinsOctopusVariable -Cmdlet $PSCmdlet -Variables ([ordered]@{ JenkinsQueueId = $queued.QueueId })
            $build = New-JenkinsBuildObject -Job $Job -QueueId $queued.QueueId -Session $jenkins

            if (-not ($Wait -or $ShowLog))
            {
                $keepSession = [System.Boolean]$PassThru
                if ($PassThru)
                {
                    $build
                }
                return
            }

            $consoleAction = [System.Management.Automation.ActionPreference]::Continue
            if ($PSBoundParameters.ContainsKey('InformationAction'))
            {
                $consoleAction = $InformationPreference
            }
            $waitParameters = @{
                Session       = $jenkins
                Job           = $Job
                QueueId       = $queued.QueueId
                Stopwatch     = $stopwatch
                Timeout       = $Timeout
                PollInterval  = $PollInterval
                ShowLog       = $ShowLog
                ConsoleAction = $consoleAction
                StopOnTimeout = $StopOnTimeout
                Cmdlet        = $PSCmdlet
            }
            try
            {
                $state = Wait-JenkinsBuildCompletion @waitParameters
            }
            catch
            {
                # The error carries the build object, and the build object its session.
                $keepSession = $true
                $PSCmdlet.ThrowTerminatingError((New-JenkinsErrorRecord -ErrorRecord $_ -TargetObject $build))
            }
            $problem = Complete-JenkinsBuildWait -State $state -Build $build -Timeout $Timeout `
                -AllowUnstable:$AllowUnstable -Cmdlet $PSCmdlet
            $keepSession = $PassThru -or $null -ne $problem
            if ($PassThru)
            {
                $build
            }
            if ($null -ne $problem)
            {
                $PSCmdlet.ThrowTerminatingError($problem)
            }
        }
        finally
        {
            if ($connection.Owned -and -not $keepSession)
            {
                $jenkins.Client.Dispose()
            }
        }
    }
}
