<#
    Helpers for the JenkinsTrigger Pester tests: the module under test, the Jenkins emulator
    (target/debug/jenkins-emulator, started per test file on 127.0.0.1 with a JSON config),
    its request log and control endpoints, and credentials. Runs on Windows PowerShell 5.1 and
    PowerShell 7. No web cmdlet is used: the control endpoints are read with
    System.Net.WebClient, the module under test does its own HTTP.
#>
Set-StrictMode -Version Latest

$script:RepositoryRoot = (Resolve-Path -LiteralPath (Join-Path -Path $PSScriptRoot -ChildPath '../..')).Path

# Users and secrets of the emulator; fake values, as in tests/emulator/demo.json.
$script:Token = '11aa22bb33cc44dd55ee66ff77889900'

function Get-TestRepositoryRoot
{
    <#
    .SYNOPSIS
        The repository's root folder.
    #>
    [CmdletBinding()]
    [OutputType([System.String])]
    param ()

    $script:RepositoryRoot
}

function Test-TestWindows
{
    <#
    .SYNOPSIS
        True on Windows, on both editions ($IsWindows does not exist in Windows PowerShell).
    #>
    [CmdletBinding()]
    [OutputType([System.Boolean])]
    param ()

    [System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT
}

function Get-TestModuleDirectory
{
    <#
    .SYNOPSIS
        The module folder built by powershell/build-module.sh (JT_MODULE_DIR, set by run.sh).
    #>
    [CmdletBinding()]
    [OutputType([System.String])]
    param ()

    $directory = [System.Environment]::GetEnvironmentVariable('JT_MODULE_DIR')
    if ([System.String]::IsNullOrEmpty($directory))
    {
        $directory = Join-Path -Path $script:RepositoryRoot -ChildPath 'target/powershell/JenkinsTrigger'
    }
    if (-not (Test-Path -LiteralPath (Join-Path -Path $directory -ChildPath 'JenkinsTrigger.psd1')))
    {
        throw "No built module at '$directory': run 'bash tests/powershell/run.sh' (or powershell/build-module.sh)."
    }
    (Resolve-Path -LiteralPath $directory).Path
}

function Import-TestModule
{
    <#
    .SYNOPSIS
        Imports the built JenkinsTrigger module into the global scope and returns it.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSModuleInfo])]
    param ()

    $manifest = Join-Path -Path (Get-TestModuleDirectory) -ChildPath 'JenkinsTrigger.psd1'
    Import-Module -Name $manifest -Force -Global -PassThru -ErrorAction 'Stop'
}

function Get-TestPowerShellPath
{
    <#
    .SYNOPSIS
        The executable of the PowerShell running the tests (pwsh or powershell.exe).
    #>
    [CmdletBinding()]
    [OutputType([System.String])]
    param ()

    (Get-Process -Id $PID).Path
}

function New-TestCredential
{
    <#
    .SYNOPSIS
        A PSCredential from a user name and a plain-text test secret.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSCredential])]
    param
    (
        [Parameter()]
        [System.String]
        $UserName = 'deployer',

        [Parameter()]
        [System.String]
        $Secret = 'pw-deployer'
    )

    $secure = New-Object -TypeName 'System.Security.SecureString'
    foreach ($character in $Secret.ToCharArray())
    {
        $secure.AppendChar($character)
    }
    $secure.MakeReadOnly()
    New-Object -TypeName 'System.Management.Automation.PSCredential' -ArgumentList @($UserName, $secure)
}

function Get-TestToken
{
    <#
    .SYNOPSIS
        The API token of the emulator's user 'deployer'.
    #>
    [CmdletBinding()]
    [OutputType([System.String])]
    param ()

    $script:Token
}

function Get-TestNonAsciiUser
{
    <#
    .SYNOPSIS
        A user name and password with non-ASCII characters (built from code points, since
        Windows PowerShell reads scripts without a byte order mark as ANSI).
    #>
    [CmdletBinding()]
    [OutputType([System.Collections.Hashtable])]
    param ()

    @{
        UserName = 'j' + [System.Char]0x00FC + 'rgen'
        Password = 'Kennw' + [System.Char]0x00F6 + 'rt-' + [System.Char]0x00DF + [System.Char]0x20AC
    }
}

function Get-TestConfiguration
{
    <#
    .SYNOPSIS
        The emulator configuration shared by the tests: users and jobs for every case.
    #>
    [CmdletBinding()]
    [OutputType([System.Collections.Hashtable])]
    param
    (
        [Parameter()]
        [System.String]
        $Csrf = 'session'
    )

    $nonAscii = Get-TestNonAsciiUser
    $escape = [System.String][System.Char]27
    $console = "Starting`nStep 1`nDone`n"
    $noted = 'Notes ' + $escape + '[8mha:AAAAWh+LCAAAAAAAAP9b85aBtbiIQSqjNKU4P0+vJLEoM1nfrzI3Kb8' + $escape +
        '[0mremoved' + "`n" + 'Gr' + [System.Char]0x00FC + [System.Char]0x00DF + 'e ' + [System.Char]0x2713 + "`n"
    @{
        context_path = '/jenkins'
        csrf         = $Csrf
        users        = @(
            @{ name = 'deployer'; password = 'pw-deployer'; api_tokens = @($script:Token) },
            @{ name = 'viewer'; password = 'pw-viewer'; can_build = $false; can_cancel = $false },
            @{ name = 'builder'; password = 'pw-builder'; can_build = $true; can_cancel = $false },
            @{ name = $nonAscii.UserName; password = $nonAscii.Password }
        )
        jobs         = @(
            @{ full_name = 'ok'; quiet_period_ms = 0; duration_ms = 600; console = $console },
            @{ full_name = 'unstable'; quiet_period_ms = 0; duration_ms = 200; result = 'UNSTABLE' },
            @{ full_name = 'fail'; quiet_period_ms = 0; duration_ms = 200; result = 'FAILURE' },
            @{ full_name = 'notbuilt'; quiet_period_ms = 0; duration_ms = 200; result = 'NOT_BUILT' },
            @{ full_name = 'aborted'; quiet_period_ms = 0; duration_ms = 200; result = 'ABORTED' },
            @{ full_name = 'weird'; quiet_period_ms = 0; duration_ms = 200; result = 'RESULT_X' },
            @{ full_name = 'slow'; quiet_period_ms = 0; duration_ms = 30000; console = "one`ntwo`nthree`n" },
            @{ full_name = 'quiet'; quiet_period_ms = 5000; duration_ms = 200 },
            @{ full_name = 'stuck'; quiet_period_ms = 0; duration_ms = 200; label = 'nowhere' },
            @{ full_name = 'disabled'; quiet_period_ms = 0; disabled = $true },
            @{ full_name = 'noted'; quiet_period_ms = 0; duration_ms = 300; console = $noted },
            @{ full_name = 'shared'; quiet_period_ms = 1500; duration_ms = 300; concurrent = $true },
            @{ full_name = 'team/backend/Deploy Web'; quiet_period_ms = 0; duration_ms = 200 },
            @{
                full_name       = 'params'
                quiet_period_ms = 0
                duration_ms     = 200
                parameters      = @(
                    @{ name = 'VERSION'; kind = 'string'; default = '1.0' },
                    @{ name = 'DRY_RUN'; kind = 'boolean'; default = $false }
                )
            }
        )
    }
}

function Start-TestEmulator
{
    <#
    .SYNOPSIS
        Starts target/debug/jenkins-emulator with a configuration and returns its URLs.

    .DESCRIPTION
        Writes the configuration as UTF-8 JSON to a temporary file, starts the emulator with
        --exit-on-stdin-eof (closing its standard input stops it) and reads the line
        JENKINS_EMULATOR_URL=<url> it prints once it listens on 127.0.0.1.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSObject])]
    param
    (
        [Parameter()]
        [System.Collections.IDictionary]
        $Configuration = (Get-TestConfiguration)
    )

    $executable = [System.Environment]::GetEnvironmentVariable('JT_EMULATOR')
    if ([System.String]::IsNullOrEmpty($executable))
    {
        $name = 'jenkins-emulator'
        if (Test-TestWindows)
        {
            $name += '.exe'
        }
        $executable = Join-Path -Path $script:RepositoryRoot -ChildPath "target/debug/$name"
    }
    if (-not (Test-Path -LiteralPath $executable))
    {
        throw "No emulator at '$executable': run 'cargo build -p jenkins-emulator'."
    }

    $configPath = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(),
        'jt-pester-' + [System.Guid]::NewGuid().ToString('N') + '.json')
    $json = ConvertTo-Json -InputObject $Configuration -Depth 10
    $utf8 = New-Object -TypeName 'System.Text.UTF8Encoding' -ArgumentList $false
    [System.IO.File]::WriteAllText($configPath, $json, $utf8)

    $startInfo = New-Object -TypeName 'System.Diagnostics.ProcessStartInfo'
    $startInfo.FileName = $executable
    $startInfo.Arguments = '--config "{0}" --exit-on-stdin-eof' -f $configPath
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardInput = $true
    $startInfo.RedirectStandardOutput = $true
    $process = [System.Diagnostics.Process]::Start($startInfo)
    $line = $process.StandardOutput.ReadLineAsync()
    if (-not $line.Wait(30000) -or $null -eq $line.Result -or -not $line.Result.StartsWith('JENKINS_EMULATOR_URL='))
    {
        if (-not $process.HasExited)
        {
            $process.Kill()
        }
        throw "The emulator did not print JENKINS_EMULATOR_URL= within 30 s (config '$configPath')."
    }
    $url = $line.Result.Substring('JENKINS_EMULATOR_URL='.Length).Trim()
    $root = ([System.Uri]$url).GetLeftPart([System.UriPartial]::Authority)
    [PSCustomObject]@{
        PSTypeName = 'JenkinsTriggerTest.Emulator'
        Url        = $url
        ControlUrl = $root + '/__emulator/'
        Process    = $process
        ConfigPath = $configPath
    }
}

function Stop-TestEmulator
{
    <#
    .SYNOPSIS
        Stops an emulator started by Start-TestEmulator (closing its standard input), and
        removes its configuration file.
    #>
    [CmdletBinding()]
    [OutputType([System.Void])]
    param
    (
        [Parameter()]
        [System.Object]
        $Emulator
    )

    if ($null -eq $Emulator)
    {
        return
    }
    $process = $Emulator.Process
    if (-not $process.HasExited)
    {
        $process.StandardInput.Close()
        if (-not $process.WaitForExit(10000))
        {
            $process.Kill()
        }
    }
    Remove-Item -LiteralPath $Emulator.ConfigPath -ErrorAction 'SilentlyContinue'
}

function Clear-TestJenkinsEnvironment
{
    <#
    .SYNOPSIS
        Removes JENKINS_URL, JENKINS_USER_ID and JENKINS_API_TOKEN from the process.
    #>
    [CmdletBinding()]
    [OutputType([System.Void])]
    param ()

    foreach ($name in @('JENKINS_URL', 'JENKINS_USER_ID', 'JENKINS_API_TOKEN'))
    {
        [System.Environment]::SetEnvironmentVariable($name, $null)
    }
}

function Invoke-TestEmulatorControl
{
    <#
    .SYNOPSIS
        Calls one of the emulator's control endpoints (/__emulator/...) and returns the answer.
    #>
    [CmdletBinding()]
    [OutputType([System.String])]
    param
    (
        [Parameter()]
        [System.Object]
        $Emulator,

        [Parameter()]
        [System.String]
        $Action,

        [Parameter()]
        [ValidateSet('GET', 'POST')]
        [System.String]
        $Method = 'POST'
    )

    $client = New-Object -TypeName 'System.Net.WebClient'
    $client.Encoding = [System.Text.Encoding]::UTF8
    try
    {
        if ($Method -eq 'GET')
        {
            return $client.DownloadString($Emulator.ControlUrl + $Action)
        }
        return $client.UploadString($Emulator.ControlUrl + $Action, 'POST', '')
    }
    finally
    {
        $client.Dispose()
    }
}

function Get-TestEmulatorRequest
{
    <#
    .SYNOPSIS
        The emulator's request log: method, path (raw, percent-encoded), query, body, status.
    #>
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSObject])]
    param
    (
        [Parameter()]
        [System.Object]
        $Emulator
    )

    $json = Invoke-TestEmulatorControl -Emulator $Emulator -Action 'requests' -Method 'GET'
    # ConvertFrom-Json on Windows PowerShell writes a JSON array as one object: unroll it.
    $requests = ConvertFrom-Json -InputObject $json
    foreach ($request in @($requests))
    {
        if ($null -ne $request)
        {
            $request
        }
    }
}

function Clear-TestEmulatorRequest
{
    <#
    .SYNOPSIS
        Empties the emulator's request log.
    #>
    [CmdletBinding()]
    [OutputType([System.Void])]
    param
    (
        [Parameter()]
        [System.Object]
        $Emulator
    )

    $null = Invoke-TestEmulatorControl -Emulator $Emulator -Action 'clear'
}

function Wait-TestCondition
{
    <#
    .SYNOPSIS
        Polls a script block until it returns true or the time is up; returns the last value.
    #>
    [CmdletBinding()]
    [OutputType([System.Boolean])]
    param
    (
        [Parameter()]
        [System.Management.Automation.ScriptBlock]
        $Condition,

        [Parameter()]
        [System.Int32]
        $TimeoutSeconds = 15
    )

    $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
    while ($stopwatch.Elapsed.TotalSeconds -lt $TimeoutSeconds)
    {
        if (& $Condition)
        {
            return $true
        }
        Start-Sleep -Milliseconds 100
    }
    [System.Boolean](& $Condition)
}

function Invoke-TestChildPowerShell
{
    <#
    .SYNOPSIS
        Runs a command in a new PowerShell process (-NoProfile -NonInteractive, standard input
        closed) with a watchdog, and returns its exit code and output.

    .DESCRIPTION
        Used for what one session cannot show: importing a broken copy of the module, a second
        copy of the .NET types, and the unattended run of scenario B26. The watchdog kills the
        process after -TimeoutSeconds.
    #>
    [CmdletBinding()]
    [OutputType([System.Collections.Hashtable])]
    param
    (
        [Parameter()]
        [System.String]
        $Command,

        [Parameter()]
        [System.Collections.IDictionary]
        $Environment = @{},

        [Parameter()]
        [System.Int32]
        $TimeoutSeconds = 120
    )

    $encoded = [System.Convert]::ToBase64String([System.Text.Encoding]::Unicode.GetBytes($Command))
    $startInfo = New-Object -TypeName 'System.Diagnostics.ProcessStartInfo'
    $startInfo.FileName = Get-TestPowerShellPath
    $startInfo.Arguments = '-NoProfile -NonInteractive -EncodedCommand ' + $encoded
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardInput = $true
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    foreach ($name in @($Environment.Keys))
    {
        $startInfo.EnvironmentVariables[[System.String]$name] = [System.String]$Environment[$name]
    }
    $process = [System.Diagnostics.Process]::Start($startInfo)
    $process.StandardInput.Close()
    $output = $process.StandardOutput.ReadToEndAsync()
    $errors = $process.StandardError.ReadToEndAsync()
    $timedOut = -not $process.WaitForExit($TimeoutSeconds * 1000)
    if ($timedOut)
    {
        $process.Kill()
        $process.WaitForExit()
    }
    @{
        ExitCode = $process.ExitCode
        TimedOut = $timedOut
        Output   = $output.Result
        Error    = $errors.Result
    }
}

Export-ModuleMember -Function @(
    'Get-TestRepositoryRoot', 'Test-TestWindows', 'Get-TestModuleDirectory', 'Import-TestModule',
    'Get-TestPowerShellPath', 'New-TestCredential', 'Get-TestToken', 'Get-TestNonAsciiUser',
    'Get-TestConfiguration', 'Start-TestEmulator', 'Stop-TestEmulator', 'Clear-TestJenkinsEnvironment',
    'Invoke-TestEmulatorControl',
    'Get-TestEmulatorRequest', 'Clear-TestEmulatorRequest', 'Wait-TestCondition', 'Invoke-TestChildPowerShell'
)
