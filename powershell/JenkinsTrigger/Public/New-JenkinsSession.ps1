function New-JenkinsSession
{
    <#
    .SYNOPSIS
        Creates a reusable connection to a Jenkins controller.

    .DESCRIPTION
        New-JenkinsSession creates one native Jenkins client with its URL, credentials and
        transport settings, and returns it as a JenkinsTrigger.Session object. Pass the object
        to the -Session parameter of the other JenkinsTrigger commands to reuse the client:
        with a password, the CSRF crumb and the cookie session it is bound to are fetched once
        and kept for the session's life.

        No request is made here: a wrong URL, user or token shows at the first command that
        uses the session.

        Without -Uri the URL comes from the JENKINS_URL environment variable; without
        -Credential the user and API token come from JENKINS_USER_ID and JENKINS_API_TOKEN
        when both are set, as the Jenkins CLI reads them. Without any credential the session
        is anonymous.

        TLS certificates are verified against the operating system's trust store, plus the
        certificates in -CertificateAuthorityFile. The module never changes process-wide
        settings such as [System.Net.ServicePointManager]::SecurityProtocol.

        A session holds a native handle; $session.Client.Dispose() frees it at once,
        otherwise it is freed when the session object is no longer referenced.

    .PARAMETER Uri
        The Jenkins root URL, with its context path if any, e.g. https://ci.example/jenkins/.
        Defaults to the JENKINS_URL environment variable.

    .PARAMETER Credential
        The Jenkins user name and password, or user name and API token (then also give
        -ApiToken). Defaults to JENKINS_USER_ID and JENKINS_API_TOKEN.

    .PARAMETER ApiToken
        The password of -Credential is an API token. Jenkins exempts API tokens from CSRF
        crumbs, so a trigger costs one request instead of two.

    .PARAMETER SkipCertificateCheck
        Do not verify the server's TLS certificate. Only for tests: anyone between you and
        Jenkins can read the credentials. Prefer -CertificateAuthorityFile.

    .PARAMETER CertificateAuthorityFile
        A PEM file with CA certificates to trust besides the system's, for a Jenkins whose
        certificate comes from a private CA.

    .PARAMETER Proxy
        The HTTP proxy to send every request through, e.g. http://proxy.example:3128/.
        Without it the HTTPS_PROXY, HTTP_PROXY and NO_PROXY environment variables apply.

    .PARAMETER ProxyCredential
        The user name and password for -Proxy.

    .PARAMETER RequestTimeout
        Seconds each request may take, from connecting to the last byte of the answer
        (1 to 86400). Default: 30. Waits for a build have their own -Timeout.

    .EXAMPLE
        $session = New-JenkinsSession -Uri 'https://ci.example/jenkins/' -Credential $credential -ApiToken
        Invoke-JenkinsBuild -Session $session -Job 'team/backend/Deploy Web' -Wait

        Creates a session authenticated with an API token and triggers a build with it.

    .EXAMPLE
        $env:JENKINS_URL = 'https://ci.example/jenkins/'
        $env:JENKINS_USER_ID = 'deployer'
        $env:JENKINS_API_TOKEN = $token
        $session = New-JenkinsSession

        Reads the URL, user and API token from the environment, as the Jenkins CLI does.

    .EXAMPLE
        $session = New-JenkinsSession -Uri 'https://jenkins.corp/' -Credential $credential `
            -CertificateAuthorityFile 'C:\certs\corp-root.pem' -Proxy 'http://proxy.corp:3128/'

        Trusts a private CA and sends every request through a proxy.

    .INPUTS
        None.

    .OUTPUTS
        JenkinsTrigger.Session: Uri, UserName, Authentication (ApiToken, Password or
        Anonymous) and Client (the JenkinsTrigger.JenkinsClient).

    .LINK
        Invoke-JenkinsBuild

    .LINK
        about_JenkinsTrigger
    #>
    [CmdletBinding()]
    [OutputType('JenkinsTrigger.Session')]
    param
    (
        [Parameter(Position = 0)]
        [System.String]
        $Uri,

        [Parameter(Position = 1)]
        [System.Management.Automation.PSCredential]
        $Credential,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $ApiToken,

        [Parameter()]
        [System.Management.Automation.SwitchParameter]
        $SkipCertificateCheck,

        [Parameter()]
        [ValidateNotNullOrEmpty()]
        [System.String]
        $CertificateAuthorityFile,

        [Parameter()]
        [System.Uri]
        $Proxy,

        [Parameter()]
        [System.Management.Automation.PSCredential]
        $ProxyCredential,

        [Parameter()]
        [ValidateRange(1, 86400)]
        [System.Int32]
        $RequestTimeout
    )

    $connection = Resolve-JenkinsConnection -Uri $Uri -Credential $Credential -ApiToken:$ApiToken -Cmdlet $PSCmdlet
    $session = $connection.Session
    try
    {
        if ($RequestTimeout -gt 0)
        {
            $session.Client.SetTimeout([System.TimeSpan]::FromSeconds($RequestTimeout))
        }
        if ($PSBoundParameters.ContainsKey('CertificateAuthorityFile'))
        {
            # Relative to the PowerShell location, not the process's working directory.
            $caPath = $PSCmdlet.GetUnresolvedProviderPathFromPSPath($CertificateAuthorityFile)
            $session.Client.SetCaFile($caPath)
        }
        if ($SkipCertificateCheck)
        {
            Write-Warning -Message ($script:LocalizedData.InsecureSession -f $session.Uri)
            $session.Client.SetInsecure($true)
        }
        if ($null -ne $Proxy)
        {
            if ($null -ne $ProxyCredential)
            {
                $userInfo = '{0}:{1}@' -f [System.Uri]::EscapeDataString($ProxyCredential.UserName),
                    [System.Uri]::EscapeDataString($ProxyCredential.GetNetworkCredential().Password)
                $session.Client.SetProxy(('{0}://{1}{2}/' -f $Proxy.Scheme, $userInfo, $Proxy.Authority))
                $userInfo = $null
            }
            else
            {
                $session.Client.SetProxy($Proxy.AbsoluteUri)
            }
        }
    }
    catch
    {
        $session.Client.Dispose()
        $PSCmdlet.ThrowTerminatingError((New-JenkinsErrorRecord -ErrorRecord $_ -TargetObject $session.Uri))
    }
    $session
}
