function Wait-JenkinsBuild
{
    <#
    .SYNOPSIS
        Waits for a triggered Jenkins build to start and finish, and fails unless it succeeds.

    .DESCRIPTION
        Wait-JenkinsBuild follows a build to its result: a build still in the queue (from
        Invoke-JenkinsBuild -PassThru, or -QueueId) is followed to the build Jenkins starts
        for it, never to the job's lastBuild; a started build (-Url, or -Job with -Number) is
        polled until it finishes. It returns the JenkinsTrigger.Build object with its Result.

        As with Invoke-JenkinsBuild -Wait, a build that ends FAILURE, NOT_BUILT or ABORTED, or
        UNSTABLE without -AllowUnstable, is a terminating error (ErrorId JenkinsBuildFailed,
        JenkinsBuildNotBuilt, JenkinsBuildAborted, JenkinsBuildUnstable) after the object is
        returned, and running out of time is the error JenkinsTimeout. The error's
        TargetObject is the build object.

        Waiting loops over short requests, so Ctrl+C acts within about a second and -Timeout
        is wall-clock time. Progress shows in the progress stream; with -ShowLog the console
        streams to the information stream. Inside Octopus Deploy it sets the output
        variables JenkinsBuildNumber, JenkinsBuildUrl and JenkinsBuildResult.

    .PARAMETER Url
        The build's URL, e.g. https://ci.example/jenkins/job/app/42/.

    .PARAMETER Job
        The job's full name, with -Number: 'team/backend/Deploy Web'.

    .PARAMETER Number
        The build number, with -Job.

    .PARAMETER QueueId
        The queue item of a build that may not have started yet.

    .PARAMETER Timeout
        Seconds to wait, measured by the clock (1 to 2592000). Default: 3600.

    .PARAMETER PollInterval
        Longest pause between two polls, in seconds (0.05 to 240). Default: 5.

    .PARAMETER ShowLog
        Stream the build's console to the information stream as lines arrive (tag
        JenkinsConsole).

    .PARAMETER AllowUnstable
        Treat an UNSTABLE build as success.

    .PARAMETER StopOnTimeout
        When -Timeout passes, stop the build, or cancel the queue item if it has not started.

    .PARAMETER Uri
        The Jenkins root URL, with its context path if any, e.g. https://ci.example/jenkins/.
        Defaults to the JENKINS_URL environment variable. -Uri and -Credential take precedence
        over -Session.

    .PARAMETER Credential
        The Jenkins user name and password, or user name and API token (then also give
        -ApiToken). Without -Credential and -Session, the JENKINS_USER_ID and
        JENKINS_API_TOKEN environment variables are used when both are set.

    .PARAMETER ApiToken
        The password of -Credential is an API token rather than a password.

    .PARAMETER Session
        A session from New-JenkinsSession. Build objects carry the session they were made
        with, so a piped build object brings its own.

    .EXAMPLE
        Invoke-JenkinsBuild -Job 'app' -PassThru | Wait-JenkinsBuild -ShowLog

        Triggers a build, then waits for it and streams its console.

    .EXAMPLE
        $queued = Invoke-JenkinsBuild -Job 'app' -PassThru
        # ... other deployment work ...
        $queued | Wait-JenkinsBuild -Timeout 900 -AllowUnstable

        Does other work while the build runs, then waits at most 15 minutes for it.

    .EXAMPLE
        Wait-JenkinsBuild -Job 'team/backend/Deploy Web' -Number 42 -PollInterval 10

        Waits for build 42 of a job in a folder, polling at most every 10 seconds.

    .EXAMPLE
        Wait-JenkinsBuild -Url 'https://ci.example/jenkins/job/app/42/' -StopOnTimeout -Timeout 600

        Waits ten minutes, then stops the build if it is still running.

    .INPUTS
        JenkinsTrigger.Build, or any object with Url, Job, Number, QueueId or Session
        properties.

    .OUTPUTS
        JenkinsTrigger.Build: Job, QueueId, Number, Url, Result, Duration (how long this
        command waited) and Building.

    .LINK
        Invoke-JenkinsBuild

    .LINK
        Stop-JenkinsBuild

    .LINK
        about_JenkinsTrigger
    #>
    [CmdletBinding()]
    [OutputType('JenkinsTrigger.Build')]
    param
    (
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Alias('BuildUrl')]
        [System.String]
        $Url,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [System.String]
        $Job,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [System.Nullable[System.Int64]]
        $Number,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [System.Nullable[System.UInt64]]
        $QueueId,

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
        $ShowLog,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $AllowUnstable,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $StopOnTimeout,

        [Parameter()]
        [System.String]
        $Uri,

        [Parameter()]
        [System.Management.Automation.PSCredential]
        $Credential,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $ApiToken,

        [Parameter(ValueFromPipelineByPropertyName = $true)]
        [System.Object]
        $Session
    )

    process
    {
        $connection = Resolve-JenkinsConnection -Uri $Uri -Credential $Credential -ApiToken:$ApiToken `
            -Session $Session -Cmdlet $PSCmdlet
        $jenkins = $connection.Session
        $buildUrl = Resolve-JenkinsBuildUrl -Session $jenkins -Url $Url -Job $Job -Number $Number
        if ($null -eq $buildUrl -and ($null -eq $QueueId -or $QueueId -eq 0))
        {
            $PSCmdlet.ThrowTerminatingError((New-JenkinsErrorRecord -ErrorId 'JenkinsBuildMissing' `
                        -Message $script:LocalizedData.BuildMissing -Category InvalidArgument))
        }

        $build = New-JenkinsBuildObject -Job $Job -QueueId $QueueId -Number $Number -Url $buildUrl `
            -Building ($null -ne $buildUrl) -Session $jenkins
        $consoleAction = [System.Management.Automation.ActionPreference]::Continue
        if ($PSBoundParameters.ContainsKey('InformationAction'))
        {
            $consoleAction = $InformationPreference
        }
        $waitParameters = @{
            Session       = $jenkins
            Job           = $build.Job
            QueueId       = $build.QueueId
            Url           = $buildUrl
            Number        = $build.Number
            Stopwatch     = [System.Diagnostics.Stopwatch]::StartNew()
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
            $PSCmdlet.ThrowTerminatingError((New-JenkinsErrorRecord -ErrorRecord $_ -TargetObject $build))
        }
        $problem = Complete-JenkinsBuildWait -State $state -Build $build -Timeout $Timeout `
            -AllowUnstable:$AllowUnstable -Cmdlet $PSCmdlet
        $build
        if ($null -ne $problem)
        {
            $PSCmdlet.ThrowTerminatingError($problem)
        }
    }
}
