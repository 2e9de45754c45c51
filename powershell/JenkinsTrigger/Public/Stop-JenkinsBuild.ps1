function Stop-JenkinsBuild
{
    <#
    .SYNOPSIS
        Stops a running Jenkins build, or cancels a build still in the queue.

    .DESCRIPTION
        Stop-JenkinsBuild asks Jenkins to abort a build (its result becomes ABORTED). Name the
        build by -Url, by -Job and -Number, or pipe a build object. A build known only by its
        queue item (-QueueId, or a piped object from Invoke-JenkinsBuild -PassThru) is
        stopped if it has started meanwhile, and its queue item cancelled otherwise.

        Stopping needs the Job/Cancel permission in Jenkins. It asks for confirmation
        (ConfirmImpact High); give -Force, or -Confirm:$false, in scripts and Octopus steps,
        which must never prompt. -WhatIf shows what would be stopped and sends nothing.

        A build that cannot be stopped is a non-terminating error whose ErrorId names the
        cause (JenkinsForbidden, JenkinsNotFound, ...).

    .PARAMETER Url
        The build's URL, e.g. https://ci.example/jenkins/job/app/42/.

    .PARAMETER Job
        The job's full name, with -Number: 'team/backend/Deploy Web'.

    .PARAMETER Number
        The build number, with -Job.

    .PARAMETER QueueId
        The queue item of a build that may not have started yet.

    .PARAMETER Force
        Stop without asking for confirmation.

    .PARAMETER PassThru
        Return a JenkinsTrigger.Build object for each build stopped or queue item cancelled.

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
        Stop-JenkinsBuild -Job 'app' -Number 42 -Force

        Stops build 42 of the job 'app' without asking.

    .EXAMPLE
        $queued = Invoke-JenkinsBuild -Job 'app' -PassThru
        $queued | Stop-JenkinsBuild -Force

        Cancels the triggered build, in the queue or running.

    .EXAMPLE
        Stop-JenkinsBuild -Url 'https://ci.example/jenkins/job/app/42/' -WhatIf

        Shows what would be stopped without sending anything.

    .INPUTS
        JenkinsTrigger.Build, or any object with Url, Job, Number, QueueId or Session
        properties.

    .OUTPUTS
        JenkinsTrigger.Build, with -PassThru.

    .LINK
        Wait-JenkinsBuild

    .LINK
        about_JenkinsTrigger
    #>
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
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
        [System.Management.Automation.SwitchParameter]
        $Force,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $PassThru,

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

    begin
    {
        if ($Force -and -not $PSBoundParameters.ContainsKey('Confirm'))
        {
            $ConfirmPreference = 'None'
        }
    }

    process
    {
        $connection = Resolve-JenkinsConnection -Uri $Uri -Credential $Credential -ApiToken:$ApiToken `
            -Session $Session -Cmdlet $PSCmdlet
        $jenkins = $connection.Session
        $keepSession = $false
        $buildUrl = Resolve-JenkinsBuildUrl -Session $jenkins -Url $Url -Job $Job -Number $Number
        $buildNumber = $Number
        $target = $buildUrl
        try
        {
            if ($null -ne $buildUrl)
            {
                if (-not $PSCmdlet.ShouldProcess($buildUrl, $script:LocalizedData.StopAction))
                {
                    return
                }
                Write-Verbose -Message ($script:LocalizedData.Stopping -f $buildUrl)
                $jenkins.Client.StopBuild($buildUrl)
            }
            elseif ($null -ne $QueueId -and $QueueId -gt 0)
            {
                $target = $QueueId
                $queueTarget = $script:LocalizedData.QueueTarget -f $QueueId, $jenkins.Uri
                if (-not $PSCmdlet.ShouldProcess($queueTarget, $script:LocalizedData.CancelAction))
                {
                    return
                }
                # The item may have started since it was queued: then the build is what to stop.
                try
                {
                    $started = $jenkins.Client.WaitForStart([System.UInt64]$QueueId,
                        [System.TimeSpan]::FromMilliseconds(250))
                    $buildUrl = $started.Url
                    $buildNumber = $started.Number
                    $target = $buildUrl
                    Write-Verbose -Message ($script:LocalizedData.Stopping -f $buildUrl)
                    $jenkins.Client.StopBuild($buildUrl)
                }
                catch
                {
                    if (Test-JenkinsStatus -ErrorRecord $_ -Status 'Cancelled')
                    {
                        Write-Verbose -Message ($script:LocalizedData.AlreadyCancelled -f $QueueId)
                    }
                    elseif (Test-JenkinsStatus -ErrorRecord $_ -Status 'Timeout')
                    {
                        Write-Verbose -Message ($script:LocalizedData.Cancelling -f $QueueId)
                        $jenkins.Client.CancelQueueItem([System.UInt64]$QueueId)
                    }
                    else
                    {
                        throw
                    }
                }
            }
            else
            {
                $PSCmdlet.WriteError((New-JenkinsErrorRecord -ErrorId 'JenkinsBuildMissing' `
                            -Message $script:LocalizedData.BuildMissing -Category InvalidArgument))
                return
            }

            if ($PassThru)
            {
                $keepSession = $true
                New-JenkinsBuildObject -Job $Job -QueueId $QueueId -Number $buildNumber -Url $buildUrl `
                    -Building $false -Session $jenkins
            }
        }
        catch
        {
            $PSCmdlet.WriteError((New-JenkinsErrorRecord -ErrorRecord $_ -TargetObject $target))
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
