#Requires -Version 5.1
<#
    Runs the Pester 5 tests of the JenkinsTrigger module. Started by tests/powershell/run.sh,
    which builds the module folder and the emulator and sets JT_MODULE_DIR and JT_EMULATOR.
    Exits with the number of failed tests (0 when all pass).
#>
[CmdletBinding()]
param ()

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# The tests choose their own connection; variables of the caller's Jenkins must not leak in,
# and nothing aimed at 127.0.0.1 may go through a proxy.
foreach ($name in @('JENKINS_URL', 'JENKINS_USER_ID', 'JENKINS_API_TOKEN'))
{
    [System.Environment]::SetEnvironmentVariable($name, $null)
}
[System.Environment]::SetEnvironmentVariable('NO_PROXY', '127.0.0.1,localhost')

$minimum = [System.Version]'5.3.0'
$pester = Get-Module -Name 'Pester' -ListAvailable | Where-Object { $_.Version -ge $minimum } |
    Sort-Object -Property 'Version' -Descending | Select-Object -First 1
if ($null -eq $pester)
{
    Write-Information -MessageData "Installing Pester $minimum or later for the current user" `
        -InformationAction 'Continue'
    Install-Module -Name 'Pester' -MinimumVersion $minimum -Scope 'CurrentUser' -Force -SkipPublisherCheck
}
Import-Module -Name 'Pester' -MinimumVersion $minimum

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.Exit = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = Join-Path -Path ([System.IO.Path]::GetTempPath()) `
    -ChildPath 'jenkins-trigger-pester.xml'
Invoke-Pester -Configuration $configuration
