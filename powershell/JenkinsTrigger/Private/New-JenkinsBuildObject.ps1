function New-JenkinsBuildObject
{
    <#
    .SYNOPSIS
        Creates the JenkinsTrigger.Build object the public commands output.

    .DESCRIPTION
        Properties: Job, QueueId, Number, Url, Result (Jenkins' own word: SUCCESS, UNSTABLE,
        FAILURE, NOT_BUILT, ABORTED, or nothing while queued or running), Duration (how long
        the command waited, or nothing), Building, and Session (the connection used, so that
        piping the object on to Wait-, Get- or Stop-JenkinsBuild reuses it; hidden from the
        default views). Without -Job the job's name is read from the URL.

    .PARAMETER Job
        The job's full name.

    .PARAMETER QueueId
        The queue item id.

    .PARAMETER Number
        The build number, once started.

    .PARAMETER Url
        The build URL, once started.

    .PARAMETER Result
        Jenkins' result word, once finished.

    .PARAMETER Building
        True while the build runs.

    .PARAMETER Duration
        How long the command waited.

    .PARAMETER Session
        The JenkinsTrigger.Session used.

    .EXAMPLE
        New-JenkinsBuildObject -Job 'app' -QueueId 12 -Session $session
    #>
    [CmdletBinding()]
    [OutputType('JenkinsTrigger.Build')]
    param
    (
        [Parameter()]
        [System.String]
        $Job,

        [Parameter()]
        [System.Nullable[System.UInt64]]
        $QueueId,

        [Parameter()]
        [System.Nullable[System.Int64]]
        $Number,

        [Parameter()]
        [System.String]
        $Url,

        [Parameter()]
        [System.String]
        $Result,

        [Parameter()]
        [System.Boolean]
        $Building,

        [Parameter()]
        [System.Nullable[System.TimeSpan]]
        $Duration,

        [Parameter()]
        [System.Object]
        $Session
    )

    # Parameters typed [System.String] hold '' for nothing; the object holds $null instead.
    $buildUrl = $null
    $jobName = $null
    $resultName = $null
    $buildNumber = $Number
    $queueItem = $QueueId
    if (-not [System.String]::IsNullOrEmpty($Url))
    {
        $buildUrl = $Url
    }
    if (-not [System.String]::IsNullOrEmpty($Job))
    {
        $jobName = $Job
    }
    if (-not [System.String]::IsNullOrEmpty($Result))
    {
        $resultName = $Result
    }
    if ($null -ne $buildUrl -and ($null -eq $jobName -or $null -eq $buildNumber))
    {
        $parts = ConvertFrom-JenkinsBuildUrl -Url $buildUrl -BaseUri $Session.Uri
        if ($null -ne $parts)
        {
            if ($null -eq $jobName)
            {
                $jobName = $parts.Job
            }
            if ($null -eq $buildNumber)
            {
                $buildNumber = $parts.Number
            }
        }
    }
    if ($null -ne $queueItem -and $queueItem -eq 0)
    {
        $queueItem = $null
    }

    # The [PSCustomObject] accelerator, not the full type name, makes an object of a hashtable literal.
    [PSCustomObject]@{
        PSTypeName = 'JenkinsTrigger.Build'
        Job        = $jobName
        QueueId    = $queueItem
        Number     = $buildNumber
        Url        = $buildUrl
        Result     = $resultName
        Duration   = $Duration
        Building   = $Building
        Session    = $Session
    }
}
