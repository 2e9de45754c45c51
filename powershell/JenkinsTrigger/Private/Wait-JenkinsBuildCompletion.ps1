function Wait-JenkinsBuildCompletion
{
    <#
    .SYNOPSIS
        Follows a triggered build through the queue to its result, as Invoke-JenkinsBuild -Wait
        and Wait-JenkinsBuild do.

    .DESCRIPTION
        Loops over short native calls so that Ctrl+C acts within about a second and -Timeout
        is wall-clock time on -Stopwatch, queue and build together:
        - while queued, WaitForStart with waits of at most one second, then a pause;
        - once started, one GetBuild (or, with -ShowLog, one ReadConsole) per poll, pausing
          0.25 s at first and doubling up to -PollInterval seconds between polls.
        Console lines go to the information stream (tag JenkinsConsole) as they come. A build
        the queue has just named may answer 404 for a moment: two such answers are waited
        out, a third is an error. When the time is up the build is stopped, or the queue item
        cancelled, with -StopOnTimeout; otherwise both keep running in Jenkins.

        Errors other than those are left to the caller, which reports them. Returns a
        hashtable: Number, Url, Result (Jenkins' word or nothing), Building, TimedOut,
        Stopped ('Build', 'QueueItem' or nothing), LastWait (the library's last word on why
        the item waits) and Elapsed.

    .PARAMETER Session
        The JenkinsTrigger.Session in use.

    .PARAMETER Job
        The job's name, for progress and messages.

    .PARAMETER QueueId
        The queue item id; needed when -Url is not known yet.

    .PARAMETER Url
        The build URL, when the build has started.

    .PARAMETER Number
        The build number, when the build has started.

    .PARAMETER Stopwatch
        Started when the overall wait began (at the trigger for Invoke-JenkinsBuild).

    .PARAMETER Timeout
        Seconds allowed on -Stopwatch.

    .PARAMETER PollInterval
        Longest pause between two polls, in seconds.

    .PARAMETER ShowLog
        Stream the console to the information stream.

    .PARAMETER ConsoleAction
        The InformationAction for console lines.

    .PARAMETER StopOnTimeout
        Stop the build, or cancel the queue item, when the time is up.

    .PARAMETER StartOnly
        Return as soon as the build has started (or the time is up).

    .PARAMETER Cmdlet
        The calling command's $PSCmdlet (for the Octopus variables once the build starts);
        without it no Octopus variable is set.

    .EXAMPLE
        $state = Wait-JenkinsBuildCompletion -Session $session -Job 'app' -QueueId 12 -Stopwatch $stopwatch `
            -Timeout 600 -PollInterval 5 -Cmdlet $PSCmdlet
    #>
    [CmdletBinding()]
    [OutputType([System.Collections.Hashtable])]
    param
    (
        [Parameter()]
        [System.Object]
        $Session,

        [Parameter()]
        [System.String]
        $Job,

        [Parameter()]
        [System.Nullable[System.UInt64]]
        $QueueId,

        [Parameter()]
        [System.String]
        $Url,

        [Parameter()]
        [System.Nullable[System.Int64]]
        $Number,

        [Parameter()]
        [System.Diagnostics.Stopwatch]
        $Stopwatch,

        [Parameter()]
        [System.Int32]
        $Timeout,

        [Parameter()]
        [System.Double]
        $PollInterval,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $ShowLog,

        [Parameter()]
        [System.Management.Automation.ActionPreference]
        $ConsoleAction = [System.Management.Automation.ActionPreference]::Continue,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $StopOnTimeout,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $StartOnly,

        [Parameter()]
        [System.Management.Automation.PSCmdlet]
        $Cmdlet
    )

    $client = $Session.Client
    $limit = [System.TimeSpan]::FromSeconds($Timeout)
    $slice = [System.TimeSpan]::FromSeconds(1)
    $firstPause = [System.Math]::Min(0.25, $PollInterval)
    $state = @{
        Number   = $Number
        Url      = $null
        Result   = $null
        Building = $true
        TimedOut = $false
        Stopped  = $null
        LastWait = $null
        Elapsed  = $null
    }
    if (-not [System.String]::IsNullOrEmpty($Url))
    {
        $state.Url = $Url
    }
    $activity = $script:LocalizedData.ProgressActivity -f $Job

    try
    {
        # In the queue.
        $pause = $firstPause
        while ($null -eq $state.Url)
        {
            $remaining = $limit - $Stopwatch.Elapsed
            if ($remaining -le [System.TimeSpan]::Zero)
            {
                $state.TimedOut = $true
                break
            }
            $seconds = [System.Math]::Floor($Stopwatch.Elapsed.TotalSeconds)
            $status = $script:LocalizedData.ProgressQueued -f $QueueId, $seconds
            Write-Progress -Activity $activity -Status $status
            $wait = $slice
            if ($remaining -lt $slice)
            {
                $wait = $remaining
            }
            try
            {
                $started = $client.WaitForStart([System.UInt64]$QueueId, $wait)
                $state.Url = $started.Url
                $state.Number = $started.Number
            }
            catch
            {
                if (-not (Test-JenkinsStatus -ErrorRecord $_ -Status 'Timeout'))
                {
                    throw
                }
                $state.LastWait = (Find-JenkinsException -ErrorRecord $_).Message
                Wait-JenkinsInterval -Seconds $pause -Stopwatch $Stopwatch -Limit $limit
                $pause = [System.Math]::Min($PollInterval, 2 * $pause)
            }
        }

        if ($null -ne $state.Url)
        {
            Write-Verbose -Message ($script:LocalizedData.BuildStarted -f $Job, $state.Number, $state.Url)
            $variables = [ordered]@{ JenkinsBuildNumber = $state.Number; JenkinsBuildUrl = $state.Url }
            $highlight = $script:LocalizedData.OctopusHighlight -f $Job, $state.Number, $state.Url
            Set-JenkinsOctopusVariable -Cmdlet $Cmdlet -Variables $variables -Highlight $highlight
        }

        if ($StartOnly)
        {
            $state.Elapsed = $Stopwatch.Elapsed
            return $state
        }

        # Running.
        $pause = $firstPause
        $logOpen = [System.Boolean]$ShowLog
        $consoleStart = [System.UInt64]0
        $carry = ''
        $notFound = 0
        while (-not $state.TimedOut -and $state.Building)
        {
            if ($Stopwatch.Elapsed -ge $limit)
            {
                $state.TimedOut = $true
                break
            }
            $seconds = [System.Math]::Floor($Stopwatch.Elapsed.TotalSeconds)
            $status = $script:LocalizedData.ProgressRunning -f $state.Number, $seconds
            Write-Progress -Activity $activity -Status $status
            $sawText = $false
            try
            {
                if ($logOpen)
                {
                    $chunk = $client.ReadConsole($state.Url, $consoleStart)
                    $split = Split-JenkinsConsoleText -Text $chunk.Text -Carry $carry -Final:(-not $chunk.More)
                    foreach ($line in $split.Lines)
                    {
                        Write-Information -MessageData $line -Tags 'JenkinsConsole' -InformationAction $ConsoleAction
                    }
                    $carry = $split.Carry
                    $sawText = $chunk.Text.Length -gt 0
                    $consoleStart = $chunk.NextStart
                    $logOpen = $chunk.More
                }
                if (-not $logOpen)
                {
                    $look = $client.GetBuild($state.Url)
                    if (-not $look.Building)
                    {
                        $state.Building = $false
                        $state.Result = ConvertTo-JenkinsResultName -Result $look.Result
                    }
                }
                $notFound = 0
            }
            catch
            {
                # A build the queue has just named may not be visible for a moment.
                $notFound++
                if ($notFound -ge 3 -or -not (Test-JenkinsStatus -ErrorRecord $_ -Status 'NotFound'))
                {
                    throw
                }
            }
            if ($state.Building)
            {
                if ($sawText)
                {
                    $pause = [System.Math]::Min(1.0, $PollInterval)
                }
                Wait-JenkinsInterval -Seconds $pause -Stopwatch $Stopwatch -Limit $limit
                $pause = [System.Math]::Min($PollInterval, 2 * $pause)
            }
        }
        if ($carry.Length -gt 0)
        {
            $lastLine = Protect-JenkinsConsoleLine -Line $carry
            Write-Information -MessageData $lastLine -Tags 'JenkinsConsole' -InformationAction $ConsoleAction
        }

        if ($state.TimedOut -and $StopOnTimeout)
        {
            try
            {
                if ($null -ne $state.Url)
                {
                    $client.StopBuild($state.Url)
                    $state.Stopped = 'Build'
                }
                else
                {
                    $client.CancelQueueItem([System.UInt64]$QueueId)
                    $state.Stopped = 'QueueItem'
                }
            }
            catch
            {
                $reason = $_.Exception.Message
                $jenkinsException = Find-JenkinsException -ErrorRecord $_
                if ($null -ne $jenkinsException)
                {
                    $reason = $jenkinsException.Message
                }
                Write-Warning -Message ($script:LocalizedData.StopFailed -f $reason)
            }
        }
    }
    finally
    {
        Write-Progress -Activity $activity -Completed
    }

    $state.Elapsed = $Stopwatch.Elapsed
    return $state
}
