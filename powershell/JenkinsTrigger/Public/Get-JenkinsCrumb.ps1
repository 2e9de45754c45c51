function Get-JenkinsCrumb
{
    <#
    .SYNOPSIS
        Gets a CSRF crumb from a Jenkins controller.

    .DESCRIPTION
        Get-JenkinsCrumb asks the controller's crumb issuer for a fresh crumb and returns it
        as a JenkinsTrigger.Crumb object: the header to send it in (Field, usually
        Jenkins-Crumb) and its Value. When the controller issues no crumbs (CSRF protection
        off), it returns nothing and says so in the verbose stream.

        You do not need a crumb for the other JenkinsTrigger commands: they fetch and refresh
        crumbs themselves. Use Get-JenkinsCrumb to check that a URL and credential work, or to
        see whether a controller protects against CSRF. Since Jenkins 2.176.2 a crumb is valid
        only with the session cookie it was issued with, which stays inside the client, so a
        crumb is of little use to other HTTP tools.

        The crumb's value is a secret: it is not shown in the default view and never written
        to the verbose stream.

    .PARAMETER Uri
        The Jenkins root URL, with its context path if any, e.g. https://ci.example/jenkins/.
        Defaults to the JENKINS_URL environment variable. -Uri and -Credential take precedence
        over -Session.

    .PARAMETER Credential
        The Jenkins user name and password, or user name and API token (then also give
        -ApiToken). Without -Credential and -Session, the JENKINS_USER_ID and
        JENKINS_API_TOKEN environment variables are used when both are set.

    .PARAMETER ApiToken
        The password of -Credential is an API token rather than a password.

    .PARAMETER Session
        A session from New-JenkinsSession to use instead of -Uri and -Credential.

    .EXAMPLE
        Get-JenkinsCrumb -Uri 'https://ci.example/jenkins/' -Credential (Get-Credential)

        Field          Uri
        -----          ---
        Jenkins-Crumb  https://ci.example/jenkins/

        Shows that the controller issues crumbs and that the credential is accepted.

    .EXAMPLE
        if (-not (Get-JenkinsCrumb -Session $session)) { 'CSRF protection is off' }

        Tells whether the controller protects against CSRF.

    .EXAMPLE
        $crumb = Get-JenkinsCrumb
        $headers = @{ $crumb.Field = $crumb.Value }

        Uses JENKINS_URL, JENKINS_USER_ID and JENKINS_API_TOKEN, and builds a header for
        another HTTP client.

    .INPUTS
        None.

    .OUTPUTS
        JenkinsTrigger.Crumb: Uri, Field and Value; nothing when the controller issues no
        crumbs.

    .LINK
        New-JenkinsSession

    .LINK
        about_JenkinsTrigger
    #>
    [CmdletBinding()]
    [OutputType('JenkinsTrigger.Crumb')]
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
        [System.Object]
        $Session
    )

    $connection = Resolve-JenkinsConnection -Uri $Uri -Credential $Credential -ApiToken:$ApiToken `
        -Session $Session -Cmdlet $PSCmdlet
    $jenkins = $connection.Session
    try
    {
        Write-Verbose -Message ($script:LocalizedData.CrumbRequest -f $jenkins.Uri)
        $crumb = $jenkins.Client.GetCrumb()
        if ($null -eq $crumb)
        {
            Write-Verbose -Message ($script:LocalizedData.CrumbNone -f $jenkins.Uri)
            return
        }
        Write-Verbose -Message ($script:LocalizedData.CrumbReceived -f $crumb.Field)
        [PSCustomObject]@{
            PSTypeName = 'JenkinsTrigger.Crumb'
            Uri        = $jenkins.Uri
            Field      = $crumb.Field
            Value      = $crumb.Value
        }
    }
    catch
    {
        $PSCmdlet.WriteError((New-JenkinsErrorRecord -ErrorRecord $_ -TargetObject $jenkins.Uri))
    }
    finally
    {
        if ($connection.Owned)
        {
            $jenkins.Client.Dispose()
        }
    }
}
