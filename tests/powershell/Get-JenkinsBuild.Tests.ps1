#Requires -Version 5.1
# Pester 5 tests of Get-JenkinsBuild against the Jenkins emulator (tests/powershell/run.sh).

BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'JenkinsTriggerTest.psm1') -Force
    $null = Import-TestModule
    $emulator = Start-TestEmulator
    $token = New-TestCredential -Secret (Get-TestToken)
    $session = New-JenkinsSession -Uri $emulator.Url -Credential $token -ApiToken
    $done = Invoke-JenkinsBuild -Job 'team/backend/Deploy Web' -Wait -PollInterval 0.2 -Session $session -PassThru
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Get-JenkinsBuild' {
    Context 'When the build has finished' {
        It 'Should return its result for -Job and -Number, building the URL of a folder job' {
            $build = Get-JenkinsBuild -Job 'team/backend/Deploy Web' -Number $done.Number -Session $session

            $build.PSObject.TypeNames | Should -Contain 'JenkinsTrigger.Build'
            $build.Result | Should -Be 'SUCCESS'
            $build.Building | Should -BeFalse
            $build.Url | Should -Be $done.Url
            $build.Duration | Should -BeNullOrEmpty
        }

        It 'Should return its result for -Url given by position, naming the job and number' {
            $build = Get-JenkinsBuild $done.Url -Session $session

            $build.Job | Should -Be 'team/backend/Deploy Web'
            $build.Number | Should -Be $done.Number
            $build.Result | Should -Be 'SUCCESS'
        }

        It 'Should show in the table view without the session' {
            $table = Get-JenkinsBuild -Url $done.Url -Session $session | Format-Table | Out-String

            $table | Should -Match 'SUCCESS'
            $table | Should -Not -Match 'Session'
        }
    }

    Context 'When the build is running' {
        It 'Should say it is building, with no result yet' {
            $queued = Invoke-JenkinsBuild -Job 'slow' -Session $session -PassThru
            $null = Wait-TestCondition -Condition {
                $null -ne (Get-JenkinsBuild -QueueId $queued.QueueId -Session $session).Number
            }
            $build = $queued | Get-JenkinsBuild

            $build.Building | Should -BeTrue
            $build.Result | Should -BeNullOrEmpty
            $build.QueueId | Should -Be $queued.QueueId
            $build | Stop-JenkinsBuild -Force
        }
    }

    Context 'When the build is still in the queue' {
        It 'Should return the queue item without a number' {
            $queued = Invoke-JenkinsBuild -Job 'stuck' -Session $session -PassThru
            $build = $queued | Get-JenkinsBuild

            $build.QueueId | Should -Be $queued.QueueId
            $build.Number | Should -BeNullOrEmpty
            $build.Url | Should -BeNullOrEmpty
            $build.Building | Should -BeFalse
            $queued | Stop-JenkinsBuild -Force
        }
    }

    Context 'When a build cannot be read' {
        It 'Should write a non-terminating JenkinsNotFound error and go on with the next build' {
            $builds = @(
                [PSCustomObject]@{ Job = 'ok'; Number = 999; Session = $session }
                [PSCustomObject]@{ Url = $done.Url; Session = $session }
            )
            $found = @($builds | Get-JenkinsBuild -ErrorAction 'SilentlyContinue' -ErrorVariable 'failures')

            $found.Count | Should -Be 1
            $found[0].Result | Should -Be 'SUCCESS'
            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'JenkinsNotFound,Get-JenkinsBuild'
        }
    }

    Context 'When nothing names a build' {
        It 'Should write JenkinsBuildMissing instead of prompting' {
            $null = Get-JenkinsBuild -Session $session -ErrorAction 'SilentlyContinue' -ErrorVariable 'failures'

            $failures[0].FullyQualifiedErrorId | Should -Be 'JenkinsBuildMissing,Get-JenkinsBuild'
        }
    }
}
