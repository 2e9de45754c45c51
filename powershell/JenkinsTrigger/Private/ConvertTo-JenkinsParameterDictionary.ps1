function ConvertTo-JenkinsParameterDictionary
{
    <#
    .SYNOPSIS
        Turns the -Parameters hashtable into the names and texts sent to Jenkins.

    .DESCRIPTION
        Keeps the caller's order ([ordered] dictionaries stay ordered). Booleans become
        'true' and 'false' (what Jenkins' boolean parameters expect, not .NET's 'True'), a
        SecureString its text (a password parameter), an array its items joined with ',',
        anything else its invariant-culture text. $null is passed on for the library to
        refuse with a message naming the parameter. Returns nothing for no parameters, so the
        job runs with its defaults.

    .PARAMETER Parameters
        The build parameters as given to Invoke-JenkinsBuild.

    .EXAMPLE
        $dictionary = ConvertTo-JenkinsParameterDictionary -Parameters @{ VERSION = '2.3'; DRY_RUN = $true }
    #>
    [CmdletBinding()]
    [OutputType([System.Collections.Specialized.OrderedDictionary])]
    param
    (
        [Parameter()]
        [System.Collections.IDictionary]
        $Parameters
    )

    if ($null -eq $Parameters -or $Parameters.Count -eq 0)
    {
        return $null
    }
    $culture = [System.Globalization.CultureInfo]::InvariantCulture
    $result = New-Object -TypeName 'System.Collections.Specialized.OrderedDictionary'
    foreach ($key in @($Parameters.Keys))
    {
        $value = $Parameters[$key]
        if ($value -is [System.Management.Automation.SwitchParameter])
        {
            $value = $value.IsPresent
        }
        if ($value -is [System.Boolean])
        {
            $value = $value.ToString().ToLowerInvariant()
        }
        elseif ($value -is [System.Security.SecureString])
        {
            $value = (New-Object -TypeName 'System.Net.NetworkCredential' -ArgumentList @('', $value)).Password
        }
        elseif ($value -is [System.Array])
        {
            $value = @($value | ForEach-Object -Process { [System.Convert]::ToString($_, $culture) }) -join ','
        }
        $result[[System.Convert]::ToString($key, $culture)] = $value
    }
    return $result
}
