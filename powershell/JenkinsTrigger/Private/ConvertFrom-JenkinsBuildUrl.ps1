function ConvertFrom-JenkinsBuildUrl
{
    <#
    .SYNOPSIS
        Reads the job's full name and the build number out of a build URL.

    .DESCRIPTION
        Takes the URL's path below the Jenkins root (Jenkins' own URLs may name a wrong host,
        so only the path counts), expects job/<name>[/job/<name>...]/<number>/ and returns a
        hashtable with Job (folders joined with '/', each name decoded once, so a branch
        stays 'feature%2Fx' as Jenkins names it) and Number. Returns nothing for a URL of
        another shape.

    .PARAMETER Url
        The build URL.

    .PARAMETER BaseUri
        The Jenkins root URL, ending in '/'.

    .EXAMPLE
        ConvertFrom-JenkinsBuildUrl -Url 'http://h/jenkins/job/team/job/app/7/' -BaseUri 'http://h/jenkins/'
    #>
    [CmdletBinding()]
    [OutputType([System.Collections.Hashtable])]
    param
    (
        [Parameter()]
        [System.String]
        $Url,

        [Parameter()]
        [System.String]
        $BaseUri
    )

    $parsed = $null
    $base = $null
    if (-not [System.Uri]::TryCreate($Url, [System.UriKind]::Absolute, [ref] $parsed) -or
        -not [System.Uri]::TryCreate($BaseUri, [System.UriKind]::Absolute, [ref] $base))
    {
        return $null
    }

    $path = $parsed.AbsolutePath
    if ($path.StartsWith($base.AbsolutePath, [System.StringComparison]::Ordinal))
    {
        $path = $path.Substring($base.AbsolutePath.Length)
    }
    $segments = $path.Split([System.Char[]]@('/'), [System.StringSplitOptions]::RemoveEmptyEntries)
    if ($segments.Length -lt 3 -or ($segments.Length % 2) -ne 1)
    {
        return $null
    }

    $names = New-Object -TypeName 'System.Collections.Generic.List[System.String]'
    for ($index = 0; $index -lt $segments.Length - 1; $index += 2)
    {
        if ($segments[$index] -ne 'job')
        {
            return $null
        }
        $names.Add([System.Uri]::UnescapeDataString($segments[$index + 1]))
    }
    $number = [System.Int64]0
    $numberStyle = [System.Globalization.NumberStyles]::None
    $culture = [System.Globalization.CultureInfo]::InvariantCulture
    if (-not [System.Int64]::TryParse($segments[-1], $numberStyle, $culture, [ref] $number))
    {
        return $null
    }
    return @{ Job = ($names.ToArray() -join '/'); Number = $number }
}
