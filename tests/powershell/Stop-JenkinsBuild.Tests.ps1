#Requires -Version 5.1
# Pester 5 tests of Stop-JenkinsBuild against the Jenkins emulator (tests/powershell/run.sh).

BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'JenkinsTriggerTest.psm1') -Force
    $null = Import-TestModule
    $emulator = Start-TestEmulator
    $password = New-TestCredential
    $session = New-JenkinsSession -Uri $emulator.Url -Credential $password

    function Start-TestRunningBuild
    {
        $queued = Invoke-JenkinsBuild -Job 'slow' -Session $session -PassThru
        $null = Wait-TestCondition -Condition { $null -ne ($queued | Get-JenkinsBuild).Number }
        $queued | Get-JenkinsBuild
    }
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Stop-JenkinsBuild' {
    BeforeEach {
        Clear-TestEmulatorRequest -Emulator $emulator
    }

    Context 'When a running build is stopped with -Force' {
        It 'Should abort it without asking' {
            $running = Start-TestRunningBuild
            Clear-TestEmulatorRequest -Emulator $emulator
            Stop-JenkinsBuild -Url $running.Url -Session $session -Force

            $stops = @(Get-TestEmulatorRequest -Emulator $emulator | Where-Object { $_.path -like '*/stop' })
            $stops.Count | Should -Be 1
            $stops[0].method | Should -Be 'POST'
            $thrown = { $running | Wait-JenkinsBuild -Timeout 30 -PollInterval 0.2 } | Should -Throw -PassThru
            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsBuildAborted,Wait-JenkinsBuild'
        }

        It 'Should stop a build named by -Job and -Number, and return it with -PassThru' {
            $running = Start-TestRunningBuild
            $stopped = Stop-JenkinsBuild -Job 'slow' -Number $running.Number -Session $session -Force -PassThru

            $stopped.Url | Should -Be $running.Url
            $null = Wait-TestCondition -Condition { -not ($running | Get-JenkinsBuild).Building }
            ($running | Get-JenkinsBuild).Result | Should -Be 'ABORTED'
        }
    }

    Context 'When -WhatIf is given' {
        It 'Should send nothing' {
            $running = Start-TestRunningBuild
            Clear-TestEmulatorRequest -Emulator $emulator
            $running | Stop-JenkinsBuild -WhatIf

            @(Get-TestEmulatorRequest -Emulator $emulator).Count | Should -Be 0
            $running | Stop-JenkinsBuild -Confirm:$false
        }
    }

    Context 'When the build is still in the queue' {
        It 'Should cancel the queue item' {
            $queued = Invoke-JenkinsBuild -Job 'stuck' -Session $session -PassThru
            $queued | Stop-JenkinsBuild -Force

            $cancels = @(Get-TestEmulatorRequest -Emulator $emulator |
                    Where-Object { $_.method -eq 'POST' -and $_.path -like '*/queue/*' })
            $cancels.Count | Should -Be 1
            $thrown = { $queued | Wait-JenkinsBuild -Timeout 30 -PollInterval 0.2 } | Should -Throw -PassThru
            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsCancelled,Wait-JenkinsBuild'
        }
    }

    Context 'When the user may not cancel builds' {
        It 'Should write a non-terminating JenkinsForbidden error' {
            $running = Start-TestRunningBuild
            $builder = New-TestCredential -UserName 'builder' -Secret 'pw-builder'
            Stop-JenkinsBuild -Url $running.Url -Uri $emulator.Url -Credential $builder -Force `
                -ErrorAction 'SilentlyContinue' -ErrorVariable 'failures'

            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'JenkinsForbidden,Stop-JenkinsBuild'
            $failures[0].TargetObject | Should -Be $running.Url
            $running | Stop-JenkinsBuild -Force
        }
    }

    Context 'When nothing names a build' {
        It 'Should write JenkinsBuildMissing instead of prompting' {
            Stop-JenkinsBuild -Session $session -Force -ErrorAction 'SilentlyContinue' -ErrorVariable 'failures'

            $failures[0].FullyQualifiedErrorId | Should -Be 'JenkinsBuildMissing,Stop-JenkinsBuild'
        }
    }
}
