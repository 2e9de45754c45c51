function New-JenkinsSessionObject
{
    <#
    .SYNOPSIS
        Creates a native Jenkins client and wraps it in a JenkinsTrigger.Session object.

    .DESCRIPTION
        Makes no request. Secrets are turned into text only inside the native calls that take
        them (SetApiToken, SetBasicAuth), and never written to any stream. With
        -FromEnvironment the user and API token come from JENKINS_USER_ID and
        JENKINS_API_TOKEN. If a setting is refused, the client is disposed and the
        JenkinsException is rethrown for the caller to report. Transport settings (TLS, proxy,
        request timeout) are New-JenkinsSession's.

    .PARAMETER Uri
        The Jenkins root URL, with its context path if any.

    .PARAMETER Credential
        The user name and password or API token.

    .PARAMETER ApiToken
        The password of -Credential is an API token.

    .PARAMETER FromEnvironment
        Authenticate with JENKINS_USER_ID and JENKINS_API_TOKEN.

    .EXAMPLE
        New-JenkinsSessionObject -Uri 'https://ci.example/jenkins/' -Credential $credential -ApiToken
    #>
    [CmdletBinding()]
    [OutputType('JenkinsTrigger.Session')]
    param
    (
        [Parameter()]
        [System.String]
        $Uri,

        [Parameter()]
        [System.Management.Automation.PSCredential]
        $Credential,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $ApiToken,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $FromEnvironment
    )

    $baseUri = $Uri.Trim()
    if (-not $baseUri.EndsWith('/'))
    {
        $baseUri += '/'
    }

    $clientType = 'JenkinsTrigger.JenkinsClient' -as [System.Type]
    $client = $clientType::new($baseUri)
    $userName = $null
    $authentication = 'Anonymous'
    try
    {
        if ($null -ne $Credential)
        {
            # Windows PowerShell's credential dialog may put a '\' before a user name without
            # a domain; Jenkins user ids never start with one.
            $userName = $Credential.UserName.TrimStart('\')
            if ($ApiToken)
            {
                $client.SetApiToken($userName, $Credential.GetNetworkCredential().Password)
                $authentication = 'ApiToken'
            }
            else
            {
                $client.SetBasicAuth($userName, $Credential.GetNetworkCredential().Password)
                $authentication = 'Password'
            }
        }
        elseif ($FromEnvironment)
        {
            $userName = [System.Environment]::GetEnvironmentVariable('JENKINS_USER_ID')
            $client.SetApiToken($userName, [System.Environment]::GetEnvironmentVariable('JENKINS_API_TOKEN'))
            $authentication = 'ApiToken'
        }
    }
    catch
    {
        $client.Dispose()
        throw
    }

    if ($null -eq $userName)
    {
        Write-Verbose -Message ($script:LocalizedData.SessionAnonymous -f $baseUri)
    }
    else
    {
        Write-Verbose -Message ($script:LocalizedData.SessionCreated -f $baseUri, $userName, $authentication)
    }

    # The [PSCustomObject] accelerator, not the full type name, makes an object of a hashtable literal.
    [PSCustomObject]@{
        PSTypeName     = 'JenkinsTrigger.Session'
        Uri            = $baseUri
        UserName       = $userName
        Authentication = $authentication
        Client         = $client
    }
}
