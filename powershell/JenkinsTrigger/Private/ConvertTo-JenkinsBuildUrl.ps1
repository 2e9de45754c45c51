function ConvertTo-JenkinsBuildUrl
{
    <#
    .SYNOPSIS
        Builds a build's URL from the Jenkins root, the job's full name and the build number.

    .DESCRIPTION
        Each folder level of the full name becomes job/<segment>, percent-encoded as UTF-8,
        the way the library addresses jobs: 'team/backend/Deploy Web' and 13 give
        <root>job/team/job/backend/job/Deploy%20Web/13/. A multibranch branch is named as
        Jenkins names its item, with '/' as %2F ('svc/feature%2Fx'). A job given as an
        absolute URL is used as it is.

    .PARAMETER BaseUri
        The Jenkins root URL, ending in '/'.

    .PARAMETER Job
        The job's full name, or its absolute URL.

    .PARAMETER Number
        The build number.

    .EXAMPLE
        ConvertTo-JenkinsBuildUrl -BaseUri 'http://127.0.0.1:8080/jenkins/' -Job 'team/app' -Number 7
    #>
    [CmdletBinding()]
    [OutputType([System.String])]
    param
    (
        [Parameter()]
        [System.String]
        $BaseUri,

        [Parameter()]
        [System.String]
        $Job,

        [Parameter()]
        [System.Int64]
        $Number
    )

    $numberText = $Number.ToString([System.Globalization.CultureInfo]::InvariantCulture)
    if ($Job -match '^https?://')
    {
        return '{0}/{1}/' -f $Job.TrimEnd('/'), $numberText
    }

    $segments = $Job.Split([System.Char[]]@('/'), [System.StringSplitOptions]::RemoveEmptyEntries)
    $path = @($segments | ForEach-Object -Process { 'job/' + [System.Uri]::EscapeDataString($_) }) -join '/'
    return '{0}{1}/{2}/' -f $BaseUri, $path, $numberText
}
