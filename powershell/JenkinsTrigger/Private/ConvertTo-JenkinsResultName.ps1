function ConvertTo-JenkinsResultName
{
    <#
    .SYNOPSIS
        Turns a JenkinsTrigger.JtBuildResult into Jenkins' own word for it.

    .DESCRIPTION
        Success -> SUCCESS, Unstable -> UNSTABLE, Failure -> FAILURE, NotBuilt -> NOT_BUILT,
        Aborted -> ABORTED, None (still running) -> nothing. A value Jenkins does not define
        never gets here: the library reports it as a JenkinsProtocol error quoting it.

    .PARAMETER Result
        The JtBuildResult value.

    .EXAMPLE
        ConvertTo-JenkinsResultName -Result $state.Result
    #>
    [CmdletBinding()]
    [OutputType([System.String])]
    param
    (
        [Parameter()]
        [System.Object]
        $Result
    )

    $names = @{
        Success  = 'SUCCESS'
        Unstable = 'UNSTABLE'
        Failure  = 'FAILURE'
        NotBuilt = 'NOT_BUILT'
        Aborted  = 'ABORTED'
    }
    if ($null -eq $Result)
    {
        return $null
    }
    $key = $Result.ToString()
    if ($names.ContainsKey($key))
    {
        return $names[$key]
    }
    return $null
}
