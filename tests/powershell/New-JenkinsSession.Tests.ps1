#Requires -Version 5.1
# Pester 5 tests of New-JenkinsSession against the Jenkins emulator (tests/powershell/run.sh).

BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'JenkinsTriggerTest.psm1') -Force
    $null = Import-TestModule
    $emulator = Start-TestEmulator
    $password = New-TestCredential
    $token = New-TestCredential -Secret (Get-TestToken)
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
}

Describe 'New-JenkinsSession' {
    BeforeEach {
        Clear-TestEmulatorRequest -Emulator $emulator
        Clear-TestJenkinsEnvironment
    }

    Context 'When given -Uri and -Credential' {
        It 'Should return a JenkinsTrigger.Session for an API token, without any request' {
            $session = New-JenkinsSession -Uri $emulator.Url.TrimEnd('/') -Credential $token -ApiToken

            $session.PSObject.TypeNames | Should -Contain 'JenkinsTrigger.Session'
            $session.Uri | Should -Be $emulator.Url
            $session.UserName | Should -Be 'deployer'
            $session.Authentication | Should -Be 'ApiToken'
            @(Get-TestEmulatorRequest -Emulator $emulator).Count | Should -Be 0
        }

        It 'Should say Password without -ApiToken, and bind -Uri and -Credential by position' {
            $session = New-JenkinsSession $emulator.Url $password

            $session.Authentication | Should -Be 'Password'
        }

        It 'Should not show the client or any secret in its views' {
            $session = New-JenkinsSession -Uri $emulator.Url -Credential $password
            $text = ($session | Format-Table | Out-String) + ($session | Format-List | Out-String)

            $text | Should -Not -Match 'pw-deployer'
            $text | Should -Not -Match 'Client'
        }
    }

    Context 'When the session is used by several commands' {
        It 'Should fetch the crumb once for all triggers made with a password' {
            $session = New-JenkinsSession -Uri $emulator.Url -Credential $password
            $null = Invoke-JenkinsBuild -Job 'ok' -Session $session
            $null = Invoke-JenkinsBuild -Job 'ok' -Session $session

            $requests = @(Get-TestEmulatorRequest -Emulator $emulator)
            @($requests | Where-Object { $_.path -like '*/crumbIssuer/*' }).Count | Should -Be 1
            @($requests | Where-Object { $_.method -eq 'POST' }).Count | Should -Be 2
        }
    }

    Context 'When only environment variables are set' {
        It 'Should read JENKINS_URL, JENKINS_USER_ID and JENKINS_API_TOKEN' {
            $env:JENKINS_URL = $emulator.Url
            $env:JENKINS_USER_ID = 'deployer'
            $env:JENKINS_API_TOKEN = Get-TestToken
            $session = New-JenkinsSession
            Clear-TestJenkinsEnvironment

            $session.Uri | Should -Be $emulator.Url
            $session.Authentication | Should -Be 'ApiToken'
            (Get-JenkinsCrumb -Session $session).Field | Should -Be 'Jenkins-Crumb'
        }

        It 'Should be anonymous with JENKINS_URL alone' {
            $env:JENKINS_URL = $emulator.Url
            $session = New-JenkinsSession

            $session.Authentication | Should -Be 'Anonymous'
            $session.UserName | Should -BeNullOrEmpty
        }

        It 'Should throw JenkinsCredentialIncomplete with JENKINS_USER_ID alone' {
            $env:JENKINS_URL = $emulator.Url
            $env:JENKINS_USER_ID = 'deployer'
            $thrown = { New-JenkinsSession } | Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsCredentialIncomplete,New-JenkinsSession'
        }
    }

    Context 'When no URL is given anywhere' {
        It 'Should throw JenkinsConnectionMissing instead of prompting' {
            $thrown = { New-JenkinsSession } | Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsConnectionMissing,New-JenkinsSession'
            $thrown.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }
    }

    Context 'When a setting is refused' {
        It 'Should throw JenkinsInvalidArgument for a URL that is not http or https' {
            $thrown = { New-JenkinsSession -Uri 'ftp://127.0.0.1/jenkins/' } | Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsInvalidArgument,New-JenkinsSession'
        }

        It 'Should throw JenkinsInvalidArgument for a CA file that does not exist' {
            $missing = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath 'jt-no-such-ca.pem'
            $thrown = { New-JenkinsSession -Uri $emulator.Url -CertificateAuthorityFile $missing } |
                Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsInvalidArgument,New-JenkinsSession'
        }

        It 'Should refuse a -RequestTimeout of 0 when binding' {
            { New-JenkinsSession -Uri $emulator.Url -RequestTimeout 0 } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,New-JenkinsSession'
        }
    }

    Context 'When -SkipCertificateCheck is given' {
        It 'Should warn that TLS checks are off' {
            $null = New-JenkinsSession -Uri $emulator.Url -SkipCertificateCheck -WarningAction 'SilentlyContinue' `
                -WarningVariable 'warnings'

            @($warnings).Count | Should -Be 1
        }
    }

    Context 'When a proxy with credentials is given' {
        It 'Should send the requests through it' {
            $proxyCredential = New-TestCredential -UserName 'proxy-user' -Secret 'proxy-secret'
            $session = New-JenkinsSession -Uri 'http://jenkins.test/jenkins/' -Credential $token -ApiToken `
                -Proxy $emulator.Url -ProxyCredential $proxyCredential -RequestTimeout 5
            $null = Get-JenkinsCrumb -Session $session -ErrorAction 'SilentlyContinue'

            $proxied = @(Get-TestEmulatorRequest -Emulator $emulator | Where-Object {
                    @($_.headers | Where-Object { $_[0] -eq 'host' -and $_[1] -eq 'jenkins.test' }).Count -gt 0 })
            $proxied.Count | Should -BeGreaterThan 0
            @($proxied[0].headers | Where-Object { $_[0] -eq 'proxy-authorization' }).Count | Should -Be 1
        }
    }
}
