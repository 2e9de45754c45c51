function Get-JenkinsBuildLog
{
    <#
    .SYNOPSIS
        Gets the console output of a Jenkins build, line by line, optionally following it.

    .DESCRIPTION
        Get-JenkinsBuildLog reads a build's console and writes each line to the pipeline as a
        string. Without -Follow it returns what the console holds now. With -Follow it keeps
        reading until the build has finished writing (or -Timeout passes), like tail -f;
        a build known only by its queue item is first followed until it starts.

        The text is read by byte offset, each byte once; Jenkins' console notes (hidden
        markup) are removed and line ends are plain lines. A line the build is still writing
        comes out once it is complete.

        A build that cannot be read is a non-terminating error whose ErrorId names the cause
        (JenkinsNotFound, JenkinsUnauthorized, ...). Running out of time with -Follow is the
        error JenkinsTimeout.

    .PARAMETER Url
        The build's URL, e.g. https://ci.example/jenkins/job/app/42/.

    .PARAMETER Job
        The job's full name, with -Number: 'team/backend/Deploy Web'.

    .PARAMETER Number
        The build number, with -Job.

    .PARAMETER QueueId
        The queue item of a build that may not have started yet (with -Follow).

    .PARAMETER Follow
        Keep reading until the build has finished writing its console.

    .PARAMETER Timeout
        With -Follow, seconds to follow, measured by the clock (1 to 2592000). Default: 3600.

    .PARAMETER PollInterval
        With -Follow, longest pause between two reads, in seconds (0.05 to 240). Default: 2.

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
        Get-JenkinsBuildLog -Job 'app' -Number 42

        Writes the console of build 42 of the job 'app'.

    .EXAMPLE
        Invoke-JenkinsBuild -Job 'app' -PassThru | Get-JenkinsBuildLog -Follow

        Triggers a build and streams its console until it has finished.

    .EXAMPLE
        Get-JenkinsBuildLog -Url 'https://ci.example/jenkins/job/app/42/' | Select-String -Pattern 'ERROR'

        Finds the lines of a build's console that contain ERROR.

    .EXAMPLE
        Get-JenkinsBuildLog -Job 'app' -Number 42 | Set-Content -Path 'build-42.log' -Encoding UTF8

        Saves the console to a file.

    .INPUTS
        JenkinsTrigger.Build, or any object with Url, Job, Number, QueueId or Session
        properties.

    .OUTPUTS
        System.String: one per console line.

    .LINK
        Invoke-JenkinsBuild

    .LINK
        about_JenkinsTrigger
    #>
    [CmdletBinding()]
    [OutputType([System.String])]
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
        $Follow,

        [Parameter()]
        [ValidateRange(1, 2592000)]
        [System.Int32]
        $Timeout = 3600,

        [Parameter()]
        [ValidateRange(0.05, 240.0)]
        [System.Double]
        $PollInterval = 2.0,

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
        $client = $jenkins.Client
        $buildUrl = Resolve-JenkinsBuildUrl -Session $jenkins -Url $Url -Job $Job -Number $Number
        $hasQueueItem = $null -ne $QueueId -and $QueueId -gt 0
        if ($null -eq $buildUrl -and -not ($Follow -and $hasQueueItem))
        {
            $message = $script:LocalizedData.BuildMissing
            if ($hasQueueItem)
            {
                $message = $script:LocalizedData.LogNeedsStart -f $QueueId
            }
            $PSCmdlet.WriteError((New-JenkinsErrorRecord -ErrorId 'JenkinsBuildMissing' -Message $message `
                        -Category InvalidArgument -TargetObject $QueueId))
            if ($connection.Owned)
            {
                $client.Dispose()
            }
            return
        }

        $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
        $limit = [System.TimeSpan]::FromSeconds($Timeout)
        $target = $buildUrl
        try
        {
            if ($null -eq $buildUrl)
            {
                $target = $QueueId
                $waitParameters = @{
                    Session      = $jenkins
                    Job          = $Job
                    QueueId      = $QueueId
                    Stopwatch    = $stopwatch
                    Timeout      = $Timeout
                    PollInterval = $PollInterval
                }
                # Only the queue part: the loop below reads the console itself.
                $state = Wait-JenkinsBuildCompletion @waitParameters -StartOnly
                if ($state.TimedOut)
                {
                    $message = $script:LocalizedData.QueueTimedOut -f $QueueId, $Job, $Timeout
                    $PSCmdlet.WriteError((New-JenkinsErrorRecord -ErrorId 'JenkinsTimeout' -Message $message `
                                -Category OperationTimeout -TargetObject $QueueId))
                    return
                }
                $buildUrl = $state.Url
                $target = $buildUrl
            }

            Write-Verbose -Message ($script:LocalizedData.LogReading -f $buildUrl)
            $start = [System.UInt64]0
            $carry = ''
            $pause = [System.Math]::Min(0.25, $PollInterval)
            $notFound = 0
            while ($true)
            {
                try
                {
                    $chunk = $client.ReadConsole($buildUrl, $start)
                    $notFound = 0
                }
                catch
                {
                    # A build the queue has just named may not be visible for a moment.
                    $notFound++
                    $visibleSoon = $Follow -and $notFound -lt 3
                    if (-not $visibleSoon -or -not (Test-JenkinsStatus -ErrorRecord $_ -Status 'NotFound'))
                    {
                        throw
                    }
                    Wait-JenkinsInterval -Seconds $pause -Stopwatch $stopwatch -Limit $limit
                    continue
                }
                $advanced = $chunk.NextStart -ne $start
                $finished = -not $chunk.More
                $split = Split-JenkinsConsoleText -Text $chunk.Text -Carry $carry -Final:$finished
                $split.Lines
                $carry = $split.Carry
                $start = $chunk.NextStart

                if ($finished -or (-not $Follow -and -not $advanced))
                {
                    break
                }
                if (-not $Follow)
                {
                    continue
                }
                if ($stopwatch.Elapsed -ge $limit)
                {
                    $message = $script:LocalizedData.LogTimedOut -f $buildUrl, $Timeout
                    $PSCmdlet.WriteError((New-JenkinsErrorRecord -ErrorId 'JenkinsTimeout' -Message $message `
                                -Category OperationTimeout -TargetObject $buildUrl))
                    break
                }
                if ($advanced)
                {
                    $pause = [System.Math]::Min(1.0, $PollInterval)
                }
                Wait-JenkinsInterval -Seconds $pause -Stopwatch $stopwatch -Limit $limit
                $pause = [System.Math]::Min($PollInterval, 2 * $pause)
            }
            if ($carry.Length -gt 0)
            {
                $carry
            }
        }
        catch
        {
            $PSCmdlet.WriteError((New-JenkinsErrorRecord -ErrorRecord $_ -TargetObject $target))
        }
        finally
        {
            if ($connection.Owned)
            {
                $client.Dispose()
            }
        }
    }
}
