#Requires -Version 5.1
# Pester 5 tests of Wait-JenkinsBuild against the Jenkins emulator (tests/powershell/run.sh).

BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'JenkinsTriggerTest.psm1') -Force
    $null = Import-TestModule
    $emulator = Start-TestEmulator
    $token = New-TestCredential -Secret (Get-TestToken)
    $session = New-JenkinsSession -Uri $emulator.Url -Credential $token -ApiToken
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Wait-JenkinsBuild' {
    BeforeEach {
        Clear-TestEmulatorRequest -Emulator $emulator
    }

    Context 'When a queued build is piped from Invoke-JenkinsBuild -PassThru' {
        It 'Should follow it to its result, using the session the object carries' {
            $queued = Invoke-JenkinsBuild -Job 'ok' -Session $session -PassThru
            $build = $queued | Wait-JenkinsBuild -PollInterval 0.2

            $build.PSObject.TypeNames | Should -Contain 'JenkinsTrigger.Build'
            $build.Result | Should -Be 'SUCCESS'
            $build.QueueId | Should -Be $queued.QueueId
            $build.Number | Should -BeGreaterThan 0
            $build.Job | Should -Be 'ok'
        }

        It 'Should stream the console with -ShowLog' {
            $queued = Invoke-JenkinsBuild -Job 'ok' -Session $session -PassThru
            $null = $queued | Wait-JenkinsBuild -ShowLog -PollInterval 0.2 -InformationAction 'SilentlyContinue' `
                -InformationVariable 'console'

            @($console | ForEach-Object { [System.String]$_.MessageData }) | Should -Be @('Starting', 'Step 1', 'Done')
        }
    }

    Context 'When given a finished build by -Job and -Number or by -Url' {
        BeforeAll {
            $done = Invoke-JenkinsBuild -Job 'team/backend/Deploy Web' -Wait -PollInterval 0.2 -Session $session `
                -PassThru
        }

        It 'Should return at once with the result for -Job and -Number' {
            $build = Wait-JenkinsBuild -Job 'team/backend/Deploy Web' -Number $done.Number -Session $session

            $build.Result | Should -Be 'SUCCESS'
            $build.Url | Should -BeLike '*/job/team/job/backend/job/Deploy%20Web/*'
        }

        It 'Should return at once with the result for -Url, naming the job' {
            $build = Wait-JenkinsBuild -Url $done.Url -Session $session

            $build.Result | Should -Be 'SUCCESS'
            $build.Job | Should -Be 'team/backend/Deploy Web'
            $build.Number | Should -Be $done.Number
        }
    }

    Context 'When the build fails' {
        It 'Should return the build object, then fail with JenkinsBuildFailed' {
            $queued = Invoke-JenkinsBuild -Job 'fail' -Session $session -PassThru
            $returned = New-Object -TypeName 'System.Collections.ArrayList'
            $thrown = $null
            try
            {
                $queued | Wait-JenkinsBuild -PollInterval 0.2 | ForEach-Object -Process { $null = $returned.Add($_) }
            }
            catch
            {
                $thrown = $_
            }

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsBuildFailed,Wait-JenkinsBuild'
            $thrown.CategoryInfo.Category | Should -Be 'InvalidResult'
            $thrown.TargetObject.Result | Should -Be 'FAILURE'
            $returned.Count | Should -Be 1
            $returned[0].Result | Should -Be 'FAILURE'
        }

        It 'Should accept UNSTABLE with -AllowUnstable and refuse it without' {
            $queued = Invoke-JenkinsBuild -Job 'unstable' -Session $session -PassThru

            ($queued | Wait-JenkinsBuild -AllowUnstable -PollInterval 0.2).Result | Should -Be 'UNSTABLE'
            $thrown = { $queued | Wait-JenkinsBuild -PollInterval 0.2 } | Should -Throw -PassThru
            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsBuildUnstable,Wait-JenkinsBuild'
        }
    }

    Context 'When the queue item is cancelled in Jenkins' {
        It 'Should fail with JenkinsCancelled instead of waiting on' {
            $queued = Invoke-JenkinsBuild -Job 'stuck' -Session $session -PassThru
            $null = Invoke-TestEmulatorControl -Emulator $emulator -Action "cancel-queue-item?id=$($queued.QueueId)"
            $thrown = { $queued | Wait-JenkinsBuild -Timeout 30 -PollInterval 0.2 } | Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsCancelled,Wait-JenkinsBuild'
        }
    }

    Context 'When another build of the job starts first' {
        It 'Should follow its own queue item, not the job''s last build' {
            $queued = Invoke-JenkinsBuild -Job 'shared' -Session $session -PassThru
            $foreign = Invoke-TestEmulatorControl -Emulator $emulator `
                -Action 'foreign-build?job=shared&result=FAILURE&duration_ms=200' | ConvertFrom-Json
            $build = $queued | Wait-JenkinsBuild -Timeout 30 -PollInterval 0.2

            $build.Result | Should -Be 'SUCCESS'
            $build.Number | Should -Not -Be $foreign.number
            $targets = @(Get-TestEmulatorRequest -Emulator $emulator | ForEach-Object { $_.target })
            $targets | Where-Object { $_ -match 'lastBuild|nextBuildNumber' } | Should -BeNullOrEmpty
        }
    }

    Context 'When -Timeout passes' {
        It 'Should fail with JenkinsTimeout and stop the build with -StopOnTimeout' {
            $queued = Invoke-JenkinsBuild -Job 'slow' -Session $session -PassThru
            $thrown = { $queued | Wait-JenkinsBuild -Timeout 2 -StopOnTimeout -PollInterval 0.2 } |
                Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsTimeout,Wait-JenkinsBuild'
            $thrown.Exception.Message | Should -Match 'stopped'
            $stops = @(Get-TestEmulatorRequest -Emulator $emulator | Where-Object { $_.path -like '*/stop' })
            $stops.Count | Should -Be 1
        }
    }

    Context 'When nothing names a build' {
        It 'Should throw JenkinsBuildMissing instead of prompting' {
            $thrown = { Wait-JenkinsBuild -Session $session } | Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsBuildMissing,Wait-JenkinsBuild'
        }
    }

    Context 'When the build does not exist' {
        It 'Should fail with JenkinsNotFound' {
            $thrown = { Wait-JenkinsBuild -Job 'ok' -Number 999 -Timeout 10 -PollInterval 0.2 -Session $session } |
                Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsNotFound,Wait-JenkinsBuild'
        }
    }
}
