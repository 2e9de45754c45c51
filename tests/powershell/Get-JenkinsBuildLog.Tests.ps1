#Requires -Version 5.1
# Pester 5 tests of Get-JenkinsBuildLog against the Jenkins emulator (tests/powershell/run.sh).

BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'JenkinsTriggerTest.psm1') -Force
    $null = Import-TestModule
    $emulator = Start-TestEmulator
    $token = New-TestCredential -Secret (Get-TestToken)
    $session = New-JenkinsSession -Uri $emulator.Url -Credential $token -ApiToken
    $done = Invoke-JenkinsBuild -Job 'ok' -Wait -PollInterval 0.2 -Session $session -PassThru
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Get-JenkinsBuildLog' {
    Context 'When the build has finished' {
        It 'Should write each console line as a string' {
            $lines = @(Get-JenkinsBuildLog -Job 'ok' -Number $done.Number -Session $session)

            $lines | Should -Be @('Starting', 'Step 1', 'Done')
            $lines[0] | Should -BeOfType ([System.String])
        }

        It 'Should read the build named by a piped build object' {
            $lines = @($done | Get-JenkinsBuildLog)

            $lines | Should -Be @('Starting', 'Step 1', 'Done')
        }
    }

    Context 'When -Follow is given' {
        It 'Should follow a build from the queue to the end of its console' {
            $lines = @(Invoke-JenkinsBuild -Job 'ok' -Session $session -PassThru |
                    Get-JenkinsBuildLog -Follow -PollInterval 0.2 -Timeout 30)

            $lines | Should -Be @('Starting', 'Step 1', 'Done')
        }

        It 'Should stop following after -Timeout with JenkinsTimeout' {
            $queued = Invoke-JenkinsBuild -Job 'slow' -Session $session -PassThru
            $lines = @($queued | Get-JenkinsBuildLog -Follow -PollInterval 0.2 -Timeout 3 `
                    -ErrorAction 'SilentlyContinue' -ErrorVariable 'failures')

            $failures[0].FullyQualifiedErrorId | Should -Be 'JenkinsTimeout,Get-JenkinsBuildLog'
            $lines | Should -Contain 'one'
            $queued | Stop-JenkinsBuild -Force
        }
    }

    Context 'When the console holds console notes and non-ASCII text' {
        It 'Should remove the notes and keep the characters' {
            $build = Invoke-JenkinsBuild -Job 'noted' -Wait -PollInterval 0.2 -Session $session -PassThru
            $lines = @($build | Get-JenkinsBuildLog)
            $greeting = 'Gr' + [System.Char]0x00FC + [System.Char]0x00DF + 'e ' + [System.Char]0x2713

            $lines | Should -Be @('Notes removed', $greeting)
        }
    }

    Context 'When the build cannot be read' {
        It 'Should write JenkinsNotFound for a build that does not exist' {
            $null = Get-JenkinsBuildLog -Job 'ok' -Number 999 -Session $session -ErrorAction 'SilentlyContinue' `
                -ErrorVariable 'failures'

            $failures[0].FullyQualifiedErrorId | Should -Be 'JenkinsNotFound,Get-JenkinsBuildLog'
        }

        It 'Should write JenkinsBuildMissing for a queue item without -Follow' {
            $null = Get-JenkinsBuildLog -QueueId 12345 -Session $session -ErrorAction 'SilentlyContinue' `
                -ErrorVariable 'failures'

            $failures[0].FullyQualifiedErrorId | Should -Be 'JenkinsBuildMissing,Get-JenkinsBuildLog'
        }
    }
}
