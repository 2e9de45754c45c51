function Resolve-JenkinsConnection
{
    <#
    .SYNOPSIS
        Picks the Jenkins connection of a command: -Uri/-Credential, -Session or the
        JENKINS_URL, JENKINS_USER_ID and JENKINS_API_TOKEN variables.

    .DESCRIPTION
        -Uri or -Credential make a new session (a -Credential without -Uri uses JENKINS_URL);
        otherwise a -Session (given, or bound from a piped build object) is used as it is;
        otherwise the environment variables, as the Jenkins CLI reads them, with
        JENKINS_API_TOKEN taken as an API token. Without any URL, or with only one of
        JENKINS_USER_ID and JENKINS_API_TOKEN, it throws a terminating error through -Cmdlet
        (never a prompt).

        Returns a hashtable: Session (a JenkinsTrigger.Session) and Owned (true when made
        here, so the caller disposes it unless its output carries it).

    .PARAMETER Uri
        The Jenkins root URL given to the command.

    .PARAMETER Credential
        The credential given to the command.

    .PARAMETER ApiToken
        The password of -Credential is an API token.

    .PARAMETER Session
        The session given to the command, or bound from a piped object.

    .PARAMETER Cmdlet
        The calling command's $PSCmdlet, which reports the errors.

    .EXAMPLE
        $connection = Resolve-JenkinsConnection -Uri $Uri -Credential $Credential -ApiToken:$ApiToken `
            -Session $Session -Cmdlet $PSCmdlet
    #>
    [CmdletBinding()]
    [OutputType([System.Collections.Hashtable])]
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
        [System.Object]
        $Session,

        [Parameter()]
        [System.Management.Automation.PSCmdlet]
        $Cmdlet
    )

    $environmentUri = [System.Environment]::GetEnvironmentVariable('JENKINS_URL')

    if (-not [System.String]::IsNullOrWhiteSpace($Uri) -or $null -ne $Credential)
    {
        $target = $Uri
        if ([System.String]::IsNullOrWhiteSpace($target))
        {
            $target = $environmentUri
        }
        if ([System.String]::IsNullOrWhiteSpace($target))
        {
            $Cmdlet.ThrowTerminatingError((New-JenkinsErrorRecord -ErrorId 'JenkinsConnectionMissing' `
                        -Message $script:LocalizedData.ConnectionMissing -Category InvalidArgument))
        }
        try
        {
            $created = New-JenkinsSessionObject -Uri $target -Credential $Credential -ApiToken:$ApiToken
        }
        catch
        {
            $Cmdlet.ThrowTerminatingError((New-JenkinsErrorRecord -ErrorRecord $_ -TargetObject $target))
        }
        return @{ Session = $created; Owned = $true }
    }

    if ($null -ne $Session)
    {
        if (@($Session.PSObject.TypeNames) -notcontains 'JenkinsTrigger.Session')
        {
            $Cmdlet.ThrowTerminatingError((New-JenkinsErrorRecord -ErrorId 'JenkinsSessionInvalid' `
                        -Message $script:LocalizedData.SessionInvalid -Category InvalidArgument `
                        -TargetObject $Session))
        }
        return @{ Session = $Session; Owned = $false }
    }

    if ([System.String]::IsNullOrWhiteSpace($environmentUri))
    {
        $Cmdlet.ThrowTerminatingError((New-JenkinsErrorRecord -ErrorId 'JenkinsConnectionMissing' `
                    -Message $script:LocalizedData.ConnectionMissing -Category InvalidArgument))
    }
    $hasUser = -not [System.String]::IsNullOrEmpty([System.Environment]::GetEnvironmentVariable('JENKINS_USER_ID'))
    $hasToken = -not [System.String]::IsNullOrEmpty(
        [System.Environment]::GetEnvironmentVariable('JENKINS_API_TOKEN'))
    if ($hasUser -ne $hasToken)
    {
        $Cmdlet.ThrowTerminatingError((New-JenkinsErrorRecord -ErrorId 'JenkinsCredentialIncomplete' `
                    -Message $script:LocalizedData.CredentialIncomplete -Category InvalidArgument))
    }
    try
    {
        $created = New-JenkinsSessionObject -Uri $environmentUri -FromEnvironment:$hasUser
    }
    catch
    {
        $Cmdlet.ThrowTerminatingError((New-JenkinsErrorRecord -ErrorRecord $_ -TargetObject $environmentUri))
    }
    return @{ Session = $created; Owned = $true }
}
