function Complete-JenkinsBuildWait
{
    <#
    .SYNOPSIS
        Records the outcome of a wait on the build object and in Octopus, and returns the
        error that outcome calls for, if any.

    .DESCRIPTION
        Fills Number, Url, Result, Building and Duration of the JenkinsTrigger.Build object
        from the wait's state and sets the Octopus output variable JenkinsBuildResult. Then:
        - time up: a JenkinsTimeout error naming the queue item or build and whether it was
          stopped, cancelled or is still running;
        - FAILURE: JenkinsBuildFailed; NOT_BUILT: JenkinsBuildNotBuilt; ABORTED:
          JenkinsBuildAborted; UNSTABLE without -AllowUnstable: JenkinsBuildUnstable;
        - SUCCESS, or UNSTABLE with -AllowUnstable: nothing.
        The error's TargetObject is the build object, so a catch block can read it.

    .PARAMETER State
        The hashtable Wait-JenkinsBuildCompletion returned.

    .PARAMETER Build
        The JenkinsTrigger.Build object to fill.

    .PARAMETER Timeout
        The -Timeout of the wait, in seconds, for the message.

    .PARAMETER AllowUnstable
        UNSTABLE counts as success.

    .PARAMETER Cmdlet
        The calling command's $PSCmdlet (for the Octopus variables).

    .EXAMPLE
        $problem = Complete-JenkinsBuildWait -State $state -Build $build -Timeout 600 -Cmdlet $PSCmdlet
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.ErrorRecord])]
    param
    (
        [Parameter()]
        [System.Collections.Hashtable]
        $State,

        [Parameter()]
        [System.Object]
        $Build,

        [Parameter()]
        [System.Int32]
        $Timeout,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $AllowUnstable,

        [Parameter()]
        [System.Management.Automation.PSCmdlet]
        $Cmdlet
    )

    $Build.Number = $State.Number
    $Build.Url = $State.Url
    if ($null -eq $Build.Job -and $null -ne $State.Url)
    {
        $parts = ConvertFrom-JenkinsBuildUrl -Url $State.Url -BaseUri $Build.Session.Uri
        if ($null -ne $parts)
        {
            $Build.Job = $parts.Job
        }
    }
    $Build.Result = $State.Result
    $Build.Building = ($null -ne $State.Url -and $State.Building)
    $Build.Duration = $State.Elapsed
    Set-JenkinsOctopusVariable -Cmdlet $Cmdlet -Variables ([ordered]@{ JenkinsBuildResult = $State.Result })

    if ($State.TimedOut)
    {
        if ($null -eq $State.Url)
        {
            $message = $script:LocalizedData.QueueTimedOut -f $Build.QueueId, $Build.Job, $Timeout
            # The library's timeout message quotes Jenkins' reason for the wait ('why').
            if ($null -ne $State.LastWait -and $State.LastWait -match 'Jenkins says: (.+?)\.? It is still queued')
            {
                $message += ' ' + ($script:LocalizedData.QueueLastWord -f $Matches[1])
            }
            if ($State.Stopped -eq 'QueueItem')
            {
                $message += ' ' + $script:LocalizedData.QueueItemCancelled
            }
            else
            {
                $message += ' ' + $script:LocalizedData.QueueItemKept
            }
        }
        else
        {
            $message = $script:LocalizedData.BuildTimedOut -f $Build.Number, $Build.Job, $Timeout, $State.Url
            if ($State.Stopped -eq 'Build')
            {
                $message += ' ' + $script:LocalizedData.BuildStopped
            }
            else
            {
                $message += ' ' + $script:LocalizedData.BuildKept
            }
        }
        return New-JenkinsErrorRecord -ErrorId 'JenkinsTimeout' -Message $message -Category OperationTimeout `
            -TargetObject $Build
    }

    $failure = @{
        UNSTABLE  = 'JenkinsBuildUnstable'
        FAILURE   = 'JenkinsBuildFailed'
        NOT_BUILT = 'JenkinsBuildNotBuilt'
        ABORTED   = 'JenkinsBuildAborted'
    }
    $result = $State.Result
    if ($null -eq $result -or -not $failure.ContainsKey($result) -or ($result -eq 'UNSTABLE' -and $AllowUnstable))
    {
        Write-Verbose -Message ($script:LocalizedData.BuildFinished -f $Build.Job, $Build.Number, $result)
        return $null
    }

    $message = $script:LocalizedData.BuildEnded -f $Build.Job, $Build.Number, $result, $State.Url
    if ($result -eq 'UNSTABLE')
    {
        $message += ' ' + $script:LocalizedData.UnstableHint
    }
    $category = [System.Management.Automation.ErrorCategory]::InvalidResult
    if ($result -eq 'ABORTED')
    {
        $category = [System.Management.Automation.ErrorCategory]::OperationStopped
    }
    return New-JenkinsErrorRecord -ErrorId $failure[$result] -Message $message -Category $category -TargetObject $Build
}
