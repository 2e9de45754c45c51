#Requires -Version 5.1
# Pester 5 tests of the JenkinsTrigger module as a whole: manifest, exports, help, loading,
# and unattended runs in a separate, non-interactive PowerShell process (scenario B26).

BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'JenkinsTriggerTest.psm1') -Force
    $module = Import-TestModule
    $moduleDirectory = Get-TestModuleDirectory
    $manifest = Join-Path -Path $moduleDirectory -ChildPath 'JenkinsTrigger.psd1'
    $emulator = Start-TestEmulator
    $commands = @(
        'Get-JenkinsBuild', 'Get-JenkinsBuildLog', 'Get-JenkinsCrumb', 'Invoke-JenkinsBuild',
        'New-JenkinsSession', 'Stop-JenkinsBuild', 'Wait-JenkinsBuild'
    )
    $commonParameters = @(
        'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction', 'ProgressAction', 'ErrorVariable',
        'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable', 'WhatIf', 'Confirm'
    )

    function Copy-TestModule
    {
        param ([System.Management.Automation.SwitchParameter] $WithoutNative)

        $name = 'jt-module-' + [System.Guid]::NewGuid().ToString('N')
        $copy = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath $name
        $target = Join-Path -Path $copy -ChildPath 'JenkinsTrigger'
        Copy-Item -LiteralPath $moduleDirectory -Destination $target -Recurse
        if ($WithoutNative)
        {
            Remove-Item -LiteralPath (Join-Path -Path $target -ChildPath 'runtimes') -Recurse -Force
        }
        $target
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'JenkinsTrigger module' {
    Context 'When the manifest is read' {
        It 'Should be a valid manifest for both editions and PowerShell 5.1' {
            $info = Test-ModuleManifest -Path $manifest -ErrorAction 'Stop'

            $info.PowerShellVersion | Should -Be ([System.Version]'5.1')
            $info.CompatiblePSEditions | Should -Contain 'Desktop'
            $info.CompatiblePSEditions | Should -Contain 'Core'
            @($info.ExportedFunctions.Keys | Sort-Object) | Should -Be $commands
            $info.ExportedCmdlets.Count | Should -Be 0
            $info.ExportedAliases.Count | Should -Be 0
            $info.ExportedVariables.Count | Should -Be 0
        }
    }

    Context 'When the module is imported' {
        It 'Should export exactly its seven commands' {
            @(Get-Command -Module 'JenkinsTrigger' | ForEach-Object { $_.Name } | Sort-Object) | Should -Be $commands
        }

        It 'Should give <Name> help with a synopsis, examples and every parameter described' -TestCases @(
            @{ Name = 'Get-JenkinsBuild' }
            @{ Name = 'Get-JenkinsBuildLog' }
            @{ Name = 'Get-JenkinsCrumb' }
            @{ Name = 'Invoke-JenkinsBuild' }
            @{ Name = 'New-JenkinsSession' }
            @{ Name = 'Stop-JenkinsBuild' }
            @{ Name = 'Wait-JenkinsBuild' }
        ) {
            param ($Name)

            $help = Get-Help -Name $Name -Full
            $help.Synopsis | Should -Not -BeNullOrEmpty
            # Without comment-based help, PowerShell makes the synopsis of the syntax: '[-Name] <type>'.
            $help.Synopsis | Should -Not -Match '\[-\w+'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
            $parameters = (Get-Command -Name $Name).Parameters.Keys |
                Where-Object { $commonParameters -notcontains $_ }
            foreach ($parameter in $parameters)
            {
                $entry = @($help.parameters.parameter | Where-Object { $_.name -eq $parameter })
                $entry.Count | Should -Be 1 -Because "-$parameter of $Name needs help"
                $description = ($entry[0].description | Out-String).Trim()
                $description | Should -Not -BeNullOrEmpty -Because "-$parameter of $Name"
            }
        }

        It 'Should declare what <Name> outputs' -TestCases @(
            @{ Name = 'Get-JenkinsBuild'; Output = 'JenkinsTrigger.Build' }
            @{ Name = 'Get-JenkinsBuildLog'; Output = 'System.String' }
            @{ Name = 'Get-JenkinsCrumb'; Output = 'JenkinsTrigger.Crumb' }
            @{ Name = 'Invoke-JenkinsBuild'; Output = 'JenkinsTrigger.Build' }
            @{ Name = 'New-JenkinsSession'; Output = 'JenkinsTrigger.Session' }
            @{ Name = 'Stop-JenkinsBuild'; Output = 'JenkinsTrigger.Build' }
            @{ Name = 'Wait-JenkinsBuild'; Output = 'JenkinsTrigger.Build' }
        ) {
            param ($Name, $Output)

            @((Get-Command -Name $Name).OutputType | ForEach-Object { $_.Name }) | Should -Contain $Output
        }

        It 'Should have no mandatory parameter, so that nothing ever prompts' {
            foreach ($name in $commands)
            {
                foreach ($parameter in (Get-Command -Name $name).Parameters.Values)
                {
                    $mandatory = @($parameter.Attributes | Where-Object {
                            $_ -is [System.Management.Automation.ParameterAttribute] -and $_.Mandatory })
                    $mandatory.Count | Should -Be 0 -Because "-$($parameter.Name) of $name must not prompt"
                }
            }
        }

        It 'Should run its functions under strict mode' {
            { & $module { $script:NoSuchVariableAnywhere } } | Should -Throw -ErrorId 'VariableIsUndefined'
        }

        It 'Should bring table views for its objects' {
            foreach ($typeName in @('JenkinsTrigger.Build', 'JenkinsTrigger.Session', 'JenkinsTrigger.Crumb'))
            {
                Get-FormatData -TypeName $typeName | Should -Not -BeNullOrEmpty -Because $typeName
            }
        }

        It 'Should import again with -Force, reusing the .NET types already loaded' {
            { Import-Module -Name $manifest -Force -ErrorAction 'Stop' } | Should -Not -Throw
            { Import-Module -Name $manifest -Force -ErrorAction 'Stop' } | Should -Not -Throw
            $token = New-TestCredential -Secret (Get-TestToken)
            (Invoke-JenkinsBuild -Job 'ok' -Uri $emulator.Url -Credential $token -ApiToken -PassThru).QueueId |
                Should -BeGreaterThan 0
        }
    }

    Context 'When the native library is missing' {
        It 'Should fail to import with an error naming the path it looked for' {
            $copy = Copy-TestModule -WithoutNative
            $runtimeId = [JenkinsTrigger.NativeLibrary]::RuntimeId()
            $command = "try { Import-Module -Name '$copy' -ErrorAction Stop; exit 0 } " +
                'catch { $_.Exception.Message; exit 3 }'
            $run = Invoke-TestChildPowerShell -Command $command

            $run.TimedOut | Should -BeFalse
            $run.ExitCode | Should -Be 3
            $run.Output | Should -Match ('runtimes[\\/]' + [System.Text.RegularExpressions.Regex]::Escape($runtimeId) +
                '[\\/]native')
            Remove-Item -LiteralPath (Split-Path -Path $copy -Parent) -Recurse -Force
        }
    }

    Context 'When another copy of the .NET types is already loaded' {
        It 'Should refuse to import and tell the user to start a new session' {
            $copy = Copy-TestModule
            Add-Content -LiteralPath (Join-Path -Path $copy -ChildPath 'JenkinsTrigger.cs') -Value '// another copy'
            $command = "Import-Module -Name '$manifest' -ErrorAction Stop; " +
                "try { Import-Module -Name '$copy' -Force -ErrorAction Stop; exit 0 } " +
                'catch { $_.Exception.Message; exit 3 }'
            $run = Invoke-TestChildPowerShell -Command $command

            $run.ExitCode | Should -Be 3
            $run.Output | Should -Match 'new PowerShell session'
            Remove-Item -LiteralPath (Split-Path -Path $copy -Parent) -Recurse -Force
        }
    }

    Context 'When run unattended in a non-interactive session with standard input closed' {
        BeforeAll {
            $environment = @{
                JENKINS_URL       = $emulator.Url
                JENKINS_USER_ID   = 'deployer'
                JENKINS_API_TOKEN = Get-TestToken
            }
        }

        It 'Should trigger, stream the console and succeed without any prompt' {
            $command = "Import-Module -Name '$manifest' -ErrorAction Stop; " +
                "Invoke-JenkinsBuild -Job 'ok' -Wait -ShowLog -PollInterval 0.2"
            $run = Invoke-TestChildPowerShell -Command $command -Environment $environment -TimeoutSeconds 60

            $run.TimedOut | Should -BeFalse
            $run.ExitCode | Should -Be 0
            $run.Output | Should -Match 'Done'
        }

        It 'Should exit with a failure code when the build fails' {
            $command = "Import-Module -Name '$manifest' -ErrorAction Stop; " +
                "Invoke-JenkinsBuild -Job 'fail' -Wait -PollInterval 0.2"
            $run = Invoke-TestChildPowerShell -Command $command -Environment $environment -TimeoutSeconds 60

            $run.TimedOut | Should -BeFalse
            $run.ExitCode | Should -Not -Be 0
            $run.Error | Should -Match 'FAILURE'
        }

        It 'Should fail instead of prompting when no job is named' {
            $command = "Import-Module -Name '$manifest' -ErrorAction Stop; Invoke-JenkinsBuild -Wait"
            $run = Invoke-TestChildPowerShell -Command $command -Environment $environment -TimeoutSeconds 60

            $run.TimedOut | Should -BeFalse
            $run.ExitCode | Should -Not -Be 0
        }
    }
}
