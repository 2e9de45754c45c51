function Resolve-JenkinsBuildUrl
{
    <#
    .SYNOPSIS
        The URL of the build a command names: -Url, or -Job with -Number.

    .DESCRIPTION
        Returns -Url when given, else the URL built from -Job and -Number on the session's
        root, else nothing (the build may be known only by its queue item).

    .PARAMETER Session
        The JenkinsTrigger.Session in use.

    .PARAMETER Url
        The build URL given to the command.

    .PARAMETER Job
        The job's full name given to the command.

    .PARAMETER Number
        The build number given to the command.

    .EXAMPLE
        $buildUrl = Resolve-JenkinsBuildUrl -Session $session -Url $Url -Job $Job -Number $Number
    #>
    [CmdletBinding()]
    [OutputType([System.String])]
    param
    (
        [Parameter()]
        [System.Object]
        $Session,

        [Parameter()]
        [System.String]
        $Url,

        [Parameter()]
        [System.String]
        $Job,

        [Parameter()]
        [System.Nullable[System.Int64]]
        $Number
    )

    if (-not [System.String]::IsNullOrWhiteSpace($Url))
    {
        return $Url.Trim()
    }
    if (-not [System.String]::IsNullOrWhiteSpace($Job) -and $null -ne $Number -and $Number -gt 0)
    {
        return ConvertTo-JenkinsBuildUrl -BaseUri $Session.Uri -Job $Job -Number $Number
    }
    return $null
}
