function Get-JenkinsBuild
{
    <#
    .SYNOPSIS
        Gets the state of a Jenkins build: queued, running, or finished with its result.

    .DESCRIPTION
        Get-JenkinsBuild looks at a build once, without waiting, and returns a
        JenkinsTrigger.Build object. Name the build by -Url, by -Job and -Number, or pipe a
        build object from Invoke-JenkinsBuild -PassThru. A build known only by its queue item
        (-QueueId) is looked up through the queue for up to half a second: if it has not
        started, the object has no Number and Url, and Building is false.

        Result is Jenkins' own word (SUCCESS, UNSTABLE, FAILURE, NOT_BUILT, ABORTED) once the
        build has finished, and empty while it runs. Jenkins sets a result before the last
        steps of a build have run; the build counts as finished only when Jenkins says it is
        no longer building.

        A build that cannot be read is a non-terminating error whose ErrorId names the cause
        (JenkinsNotFound, JenkinsUnauthorized, ...); the next piped build is still read.

    .PARAMETER Url
        The build's URL, e.g. https://ci.example/jenkins/job/app/42/.

    .PARAMETER Job
        The job's full name, with -Number: 'team/backend/Deploy Web'.

    .PARAMETER Number
        The build number, with -Job.

    .PARAMETER QueueId
        The queue item of a build that may not have started yet.

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
        Get-JenkinsBuild -Job 'team/backend/Deploy Web' -Number 42

        Job                      Number Result  Building Duration QueueId Url
        ---                      ------ ------  -------- -------- ------- ---
        team/backend/Deploy Web      42 SUCCESS    False                  https://ci.example/jenkins/job/...

    .EXAMPLE
        $queued = Invoke-JenkinsBuild -Job 'app' -PassThru
        $queued | Get-JenkinsBuild

        Shows whether the triggered build has started yet.

    .EXAMPLE
        (Get-JenkinsBuild -Url 'https://ci.example/jenkins/job/app/42/').Result

        Gets the result of a build by its URL.

    .INPUTS
        JenkinsTrigger.Build, or any object with Url, Job, Number, QueueId or Session
        properties.

    .OUTPUTS
        JenkinsTrigger.Build: Job, QueueId, Number, Url, Result, Duration (always empty here)
        and Building.

    .LINK
        Wait-JenkinsBuild

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
        $buildNumber = $Number
        if ($null -eq $buildUrl -and ($null -eq $QueueId -or $QueueId -eq 0))
        {
            $PSCmdlet.WriteError((New-JenkinsErrorRecord -ErrorId 'JenkinsBuildMissing' `
                        -Message $script:LocalizedData.BuildMissing -Category InvalidArgument))
            return
        }

        $target = $buildUrl
        try
        {
            if ($null -eq $buildUrl)
            {
                $target = $QueueId
                try
                {
                    Write-Verbose -Message ($script:LocalizedData.QueueLookup -f $QueueId)
                    $started = $jenkins.Client.WaitForStart([System.UInt64]$QueueId,
                        [System.TimeSpan]::FromMilliseconds(500))
                    $buildUrl = $started.Url
                    $buildNumber = $started.Number
                }
                catch
                {
                    if (-not (Test-JenkinsStatus -ErrorRecord $_ -Status 'Timeout'))
                    {
                        throw
                    }
                    Write-Verbose -Message ($script:LocalizedData.StillQueued -f $QueueId)
                    New-JenkinsBuildObject -Job $Job -QueueId $QueueId -Building $false -Session $jenkins
                    return
                }
            }

            $target = $buildUrl
            Write-Verbose -Message ($script:LocalizedData.BuildLookup -f $buildUrl)
            $look = $jenkins.Client.GetBuild($buildUrl)
            $resultName = $null
            if (-not $look.Building)
            {
                $resultName = ConvertTo-JenkinsResultName -Result $look.Result
            }
            New-JenkinsBuildObject -Job $Job -QueueId $QueueId -Number $buildNumber -Url $buildUrl `
                -Result $resultName -Building $look.Building -Session $jenkins
        }
        catch
        {
            $PSCmdlet.WriteError((New-JenkinsErrorRecord -ErrorRecord $_ -TargetObject $target))
        }
    }
}
