#Requires -Version 5.1
# Pester 5 tests of Invoke-JenkinsBuild against the Jenkins emulator (tests/powershell/run.sh).

BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'JenkinsTriggerTest.psm1') -Force
    $null = Import-TestModule
    $emulator = Start-TestEmulator
    $password = New-TestCredential
    $token = New-TestCredential -Secret (Get-TestToken)
    $session = New-JenkinsSession -Uri $emulator.Url -Credential $token -ApiToken
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'Invoke-JenkinsBuild' {
    BeforeEach {
        Clear-TestEmulatorRequest -Emulator $emulator
    }

    Context 'When triggering without -Wait' {
        It 'Should queue the build and return nothing without -PassThru' {
            $output = @(Invoke-JenkinsBuild -Job 'ok' -Session $session)

            $output.Count | Should -Be 0
            $posts = @(Get-TestEmulatorRequest -Emulator $emulator | Where-Object { $_.method -eq 'POST' })
            $posts.Count | Should -Be 1
            $posts[0].path | Should -Be '/jenkins/job/ok/build'
        }

        It 'Should return a queued JenkinsTrigger.Build with -PassThru' {
            $build = Invoke-JenkinsBuild -Job 'ok' -Session $session -PassThru

            $build.PSObject.TypeNames | Should -Contain 'JenkinsTrigger.Build'
            $build.Job | Should -Be 'ok'
            $build.QueueId | Should -BeGreaterThan 0
            $build.Number | Should -BeNullOrEmpty
            $build.Url | Should -BeNullOrEmpty
            $build.Result | Should -BeNullOrEmpty
        }

        It 'Should take job names from the pipeline' {
            $builds = @('ok', 'ok' | Invoke-JenkinsBuild -Session $session -PassThru)

            $builds.Count | Should -Be 2
            $builds[0].QueueId | Should -Not -Be $builds[1].QueueId
        }

        It 'Should bind the job name by position' {
            $build = Invoke-JenkinsBuild 'ok' -Session $session -PassThru

            $build.Job | Should -Be 'ok'
        }
    }

    Context 'When the job takes parameters' {
        It 'Should send them to buildWithParameters, booleans as true and false' {
            $parameters = [ordered]@{ VERSION = '2.3'; DRY_RUN = $true }
            $null = Invoke-JenkinsBuild -Job 'params' -Parameters $parameters -Session $session

            $post = @(Get-TestEmulatorRequest -Emulator $emulator | Where-Object { $_.method -eq 'POST' })[0]
            $post.path | Should -Be '/jenkins/job/params/buildWithParameters'
            $post.body | Should -Match 'VERSION=2\.3'
            $post.body | Should -Match 'DRY_RUN=true'
        }

        It 'Should refuse an unknown parameter name before anything runs' {
            $thrown = { Invoke-JenkinsBuild -Job 'params' -Parameters @{ VERSON = '2.3' } -Session $session } |
                Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsInvalidArgument,Invoke-JenkinsBuild'
            $thrown.Exception.Message | Should -Match 'VERSION'
            @(Get-TestEmulatorRequest -Emulator $emulator | Where-Object { $_.method -eq 'POST' }).Count |
                Should -Be 0
        }
    }

    Context 'When the job is in a folder and its name has a space' {
        It 'Should address each folder level, percent-encoded' {
            $null = Invoke-JenkinsBuild -Job 'team/backend/Deploy Web' -Session $session

            $post = @(Get-TestEmulatorRequest -Emulator $emulator | Where-Object { $_.method -eq 'POST' })[0]
            $post.path | Should -Be '/jenkins/job/team/job/backend/job/Deploy%20Web/build'
        }
    }

    Context 'When -Delay is given' {
        It 'Should send the quiet period as delay=<n>sec' {
            $build = Invoke-JenkinsBuild -Job 'quiet' -Delay 0 -Session $session -Wait -Timeout 30 -PassThru

            $build.Result | Should -Be 'SUCCESS'
            $post = @(Get-TestEmulatorRequest -Emulator $emulator | Where-Object { $_.method -eq 'POST' })[0]
            $post.query | Should -Be 'delay=0sec'
            $build.Duration.TotalSeconds | Should -BeLessThan 4
        }
    }

    Context 'When -WhatIf is given' {
        It 'Should send no request at all' {
            $output = @(Invoke-JenkinsBuild -Job 'ok' -Parameters @{ VERSION = '1' } -Wait -Session $session -WhatIf)

            $output.Count | Should -Be 0
            @(Get-TestEmulatorRequest -Emulator $emulator).Count | Should -Be 0
        }

        It 'Should send no request with a connection of its own either' {
            $null = Invoke-JenkinsBuild -Job 'ok' -Uri $emulator.Url -Credential $password -WhatIf

            @(Get-TestEmulatorRequest -Emulator $emulator).Count | Should -Be 0
        }
    }

    Context 'When -Wait is given and the build succeeds' {
        It 'Should return the finished build with -PassThru' {
            $build = Invoke-JenkinsBuild -Job 'ok' -Wait -PollInterval 0.2 -Session $session -PassThru

            $build.Result | Should -Be 'SUCCESS'
            $build.Building | Should -BeFalse
            $build.Number | Should -BeGreaterThan 0
            $build.Url | Should -BeLike '*/jenkins/job/ok/*/'
            $build.Duration | Should -BeOfType ([System.TimeSpan])
        }

        It 'Should never ask for lastBuild or nextBuildNumber' {
            $null = Invoke-JenkinsBuild -Job 'ok' -Wait -PollInterval 0.2 -Session $session

            $targets = @(Get-TestEmulatorRequest -Emulator $emulator | ForEach-Object { $_.target })
            $targets | Where-Object { $_ -match 'lastBuild|nextBuildNumber' } | Should -BeNullOrEmpty
        }
    }

    Context 'When the build does not succeed' {
        It 'Should fail with <ErrorId> when the build ends <Result>' -TestCases @(
            @{ Job = 'unstable'; Result = 'UNSTABLE'; ErrorId = 'JenkinsBuildUnstable' }
            @{ Job = 'fail'; Result = 'FAILURE'; ErrorId = 'JenkinsBuildFailed' }
            @{ Job = 'notbuilt'; Result = 'NOT_BUILT'; ErrorId = 'JenkinsBuildNotBuilt' }
            @{ Job = 'aborted'; Result = 'ABORTED'; ErrorId = 'JenkinsBuildAborted' }
        ) {
            param ($Job, $Result, $ErrorId)

            $thrown = { Invoke-JenkinsBuild -Job $Job -Wait -PollInterval 0.2 -Session $session } |
                Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be "$ErrorId,Invoke-JenkinsBuild"
            $thrown.TargetObject.Result | Should -Be $Result
            $thrown.TargetObject.Url | Should -Not -BeNullOrEmpty
            $thrown.Exception.Message | Should -Match $Result
        }

        It 'Should accept UNSTABLE with -AllowUnstable' {
            $build = Invoke-JenkinsBuild -Job 'unstable' -Wait -AllowUnstable -PollInterval 0.2 -Session $session `
                -PassThru

            $build.Result | Should -Be 'UNSTABLE'
        }

        It 'Should report a result Jenkins does not define as JenkinsProtocol, quoting it' {
            $thrown = { Invoke-JenkinsBuild -Job 'weird' -Wait -PollInterval 0.2 -Session $session } |
                Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsProtocol,Invoke-JenkinsBuild'
            $thrown.Exception.Message | Should -Match 'RESULT_X'
        }
    }

    Context 'When -ShowLog is given' {
        It 'Should stream the console lines to the information stream, not the output' {
            $output = @(Invoke-JenkinsBuild -Job 'ok' -ShowLog -PollInterval 0.2 -Session $session `
                    -InformationAction 'SilentlyContinue' -InformationVariable 'console')

            $output.Count | Should -Be 0
            $lines = @($console | Where-Object { $_.Tags -contains 'JenkinsConsole' } |
                    ForEach-Object { [System.String]$_.MessageData })
            $lines | Should -Be @('Starting', 'Step 1', 'Done')
        }
    }

    Context 'When -Timeout passes' {
        It 'Should fail with JenkinsTimeout on time and leave the build running' {
            $stopwatch = [System.Diagnostics.Stopwatch]::StartNew()
            $thrown = { Invoke-JenkinsBuild -Job 'slow' -Wait -Timeout 2 -PollInterval 0.2 -Session $session } |
                Should -Throw -PassThru
            $stopwatch.Stop()

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsTimeout,Invoke-JenkinsBuild'
            $stopwatch.Elapsed.TotalSeconds | Should -BeLessThan 6
            $thrown.TargetObject.Building | Should -BeTrue
            @(Get-TestEmulatorRequest -Emulator $emulator | Where-Object { $_.path -like '*/stop' }).Count |
                Should -Be 0
            $thrown.TargetObject | Stop-JenkinsBuild -Force
        }

        It 'Should stop the build with -StopOnTimeout' {
            $thrown = { Invoke-JenkinsBuild -Job 'slow' -Wait -Timeout 2 -StopOnTimeout -Session $session } |
                Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsTimeout,Invoke-JenkinsBuild'
            @(Get-TestEmulatorRequest -Emulator $emulator | Where-Object { $_.path -like '*/slow/*/stop' }).Count |
                Should -Be 1
            (Get-JenkinsBuild -Url $thrown.TargetObject.Url -Session $session).Result | Should -Be 'ABORTED'
        }

        It 'Should cancel a queue item that never started, and say why it waited' {
            $thrown = { Invoke-JenkinsBuild -Job 'stuck' -Wait -Timeout 2 -StopOnTimeout -Session $session } |
                Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsTimeout,Invoke-JenkinsBuild'
            $thrown.Exception.Message | Should -Match 'nowhere'
            $thrown.TargetObject.Number | Should -BeNullOrEmpty
            @(Get-TestEmulatorRequest -Emulator $emulator | Where-Object {
                    $_.method -eq 'POST' -and $_.path -like '*/queue/*' }).Count | Should -BeGreaterThan 0
        }
    }

    Context 'When Jenkins refuses the trigger' {
        It 'Should fail with JenkinsUnauthorized for a wrong password, without showing it' {
            $wrong = New-TestCredential -Secret 'not-the-password'
            $thrown = { Invoke-JenkinsBuild -Job 'ok' -Uri $emulator.Url -Credential $wrong } | Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsUnauthorized,Invoke-JenkinsBuild'
            $thrown.CategoryInfo.Category | Should -Be 'AuthenticationError'
            $thrown.TargetObject | Should -Be 'ok'
            $thrown.Exception.Message | Should -Not -Match 'not-the-password'
        }

        It 'Should fail with JenkinsForbidden for a user without the Build permission' {
            $viewer = New-TestCredential -UserName 'viewer' -Secret 'pw-viewer'
            $thrown = { Invoke-JenkinsBuild -Job 'ok' -Uri $emulator.Url -Credential $viewer } |
                Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsForbidden,Invoke-JenkinsBuild'
            $thrown.CategoryInfo.Category | Should -Be 'PermissionDenied'
        }

        It 'Should fail with JenkinsNotFound for a job that does not exist' {
            $thrown = { Invoke-JenkinsBuild -Job 'no-such-job' -Session $session } | Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsNotFound,Invoke-JenkinsBuild'
            $thrown.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'Should fail with JenkinsHttp for a disabled job' {
            $thrown = { Invoke-JenkinsBuild -Job 'disabled' -Session $session } | Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsHttp,Invoke-JenkinsBuild'
        }

        It 'Should fail with JenkinsConnect when nothing listens' {
            $closed = 'http://127.0.0.1:9/jenkins/'
            $thrown = { Invoke-JenkinsBuild -Job 'ok' -Uri $closed -Credential $token -ApiToken } |
                Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsConnect,Invoke-JenkinsBuild'
        }
    }

    Context 'When given credentials' {
        It 'Should trigger with one request when the password is an API token' {
            $null = Invoke-JenkinsBuild -Job 'ok' -Uri $emulator.Url -Credential $token -ApiToken

            $requests = @(Get-TestEmulatorRequest -Emulator $emulator)
            $requests.Count | Should -Be 1
            $requests[0].method | Should -Be 'POST'
        }

        It 'Should fetch a crumb first when it is a password' {
            $null = Invoke-JenkinsBuild -Job 'ok' -Uri $emulator.Url -Credential $password

            $requests = @(Get-TestEmulatorRequest -Emulator $emulator)
            $requests[0].path | Should -BeLike '*/crumbIssuer/api/json'
            $requests[-1].method | Should -Be 'POST'
            $requests[-1].status | Should -Be 201
        }

        It 'Should accept a user name and password that are not ASCII' {
            $user = Get-TestNonAsciiUser
            $credential = New-TestCredential -UserName $user.UserName -Secret $user.Password
            $build = Invoke-JenkinsBuild -Job 'ok' -Uri $emulator.Url -Credential $credential -PassThru

            $build.QueueId | Should -BeGreaterThan 0
        }
    }

    Context 'When the connection comes from the environment' {
        BeforeEach {
            $env:JENKINS_URL = $emulator.Url
            $env:JENKINS_USER_ID = 'deployer'
            $env:JENKINS_API_TOKEN = Get-TestToken
        }

        AfterEach {
            Clear-TestJenkinsEnvironment
        }

        It 'Should read JENKINS_URL, JENKINS_USER_ID and JENKINS_API_TOKEN' {
            $build = Invoke-JenkinsBuild -Job 'ok' -Wait -PollInterval 0.2 -PassThru

            $build.Result | Should -Be 'SUCCESS'
            $build.Session.Authentication | Should -Be 'ApiToken'
            $build.Session.UserName | Should -Be 'deployer'
        }
    }

    Context 'When something required is missing' {
        BeforeEach {
            Clear-TestJenkinsEnvironment
        }

        It 'Should throw JenkinsJobMissing instead of prompting for -Job' {
            $thrown = { Invoke-JenkinsBuild -Session $session } | Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsJobMissing,Invoke-JenkinsBuild'
        }

        It 'Should throw JenkinsConnectionMissing without -Uri, -Session or JENKINS_URL' {
            $thrown = { Invoke-JenkinsBuild -Job 'ok' } | Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsConnectionMissing,Invoke-JenkinsBuild'
        }

        It 'Should throw JenkinsSessionInvalid for something that is not a session' {
            $thrown = { Invoke-JenkinsBuild -Job 'ok' -Session 'http://127.0.0.1/' } | Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsSessionInvalid,Invoke-JenkinsBuild'
        }

        It 'Should refuse a -Timeout of 0 when binding' {
            { Invoke-JenkinsBuild -Job 'ok' -Wait -Timeout 0 -Session $session } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,Invoke-JenkinsBuild'
        }
    }

    Context 'When running inside Octopus Deploy' {
        BeforeAll {
            $global:JenkinsTriggerTestOctopus = @{}
            $global:JenkinsTriggerTestHighlights = New-Object -TypeName 'System.Collections.ArrayList'
            function global:Set-OctopusVariable
            {
                param ([System.String] $name, [System.String] $value)
                $global:JenkinsTriggerTestOctopus[$name] = $value
            }
            function global:Write-Highlight
            {
                param ([System.String] $message)
                $null = $global:JenkinsTriggerTestHighlights.Add($message)
            }
        }

        AfterAll {
            Remove-Item -Path 'Function:Set-OctopusVariable', 'Function:Write-Highlight'
            Remove-Variable -Name 'JenkinsTriggerTestOctopus', 'JenkinsTriggerTestHighlights' -Scope 'Global'
        }

        It 'Should set the output variables and highlight the build URL' {
            $build = Invoke-JenkinsBuild -Job 'ok' -Wait -PollInterval 0.2 -Session $session -PassThru

            $octopus = $global:JenkinsTriggerTestOctopus
            $octopus['JenkinsQueueId'] | Should -Be ([System.String]$build.QueueId)
            $octopus['JenkinsBuildNumber'] | Should -Be ([System.String]$build.Number)
            $octopus['JenkinsBuildUrl'] | Should -Be $build.Url
            $octopus['JenkinsBuildResult'] | Should -Be 'SUCCESS'
            @($global:JenkinsTriggerTestHighlights | Where-Object { $_ -like "*$($build.Url)*" }).Count | Should -Be 1
        }

        It 'Should set the result of a failed build before failing the step' {
            { Invoke-JenkinsBuild -Job 'fail' -Wait -PollInterval 0.2 -Session $session } | Should -Throw

            $global:JenkinsTriggerTestOctopus['JenkinsBuildResult'] | Should -Be 'FAILURE'
        }
    }

    Context 'When the module has run' {
        It 'Should leave the process-wide TLS settings as they were' {
            $before = [System.Net.ServicePointManager]::SecurityProtocol
            $null = Invoke-JenkinsBuild -Job 'ok' -Wait -PollInterval 0.2 -Session $session

            [System.Net.ServicePointManager]::SecurityProtocol | Should -Be $before
        }
    }
}
