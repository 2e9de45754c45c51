#Requires -Version 5.1
# Pester 5 tests of Get-JenkinsCrumb against the Jenkins emulator (tests/powershell/run.sh).

BeforeAll {
    Set-StrictMode -Version Latest
    Import-Module -Name (Join-Path -Path $PSScriptRoot -ChildPath 'JenkinsTriggerTest.psm1') -Force
    $null = Import-TestModule
    $emulator = Start-TestEmulator
    $noCsrf = Start-TestEmulator -Configuration (Get-TestConfiguration -Csrf 'off')
    $password = New-TestCredential
}

AfterAll {
    Stop-TestEmulator -Emulator $emulator
    Stop-TestEmulator -Emulator $noCsrf
}

Describe 'Get-JenkinsCrumb' {
    Context 'When the controller issues crumbs' {
        It 'Should return the header and value as a JenkinsTrigger.Crumb' {
            $crumb = Get-JenkinsCrumb -Uri $emulator.Url -Credential $password

            $crumb.PSObject.TypeNames | Should -Contain 'JenkinsTrigger.Crumb'
            $crumb.Field | Should -Be 'Jenkins-Crumb'
            $crumb.Value | Should -Not -BeNullOrEmpty
            $crumb.Uri | Should -Be $emulator.Url
        }

        It 'Should not show the value in its views or the verbose stream' {
            $crumb = Get-JenkinsCrumb -Uri $emulator.Url -Credential $password -Verbose 4>&1 |
                Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }
            $verbose = @(Get-JenkinsCrumb -Uri $emulator.Url -Credential $password -Verbose 4>&1 |
                    Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } |
                    ForEach-Object { $_.Message })
            $text = ($crumb | Format-Table | Out-String) + ($crumb | Format-List | Out-String)

            $text | Should -Not -Match ([System.Text.RegularExpressions.Regex]::Escape($crumb.Value))
            $verbose.Count | Should -BeGreaterThan 0
            ($verbose -join "`n") | Should -Not -Match 'pw-deployer'
        }
    }

    Context 'When CSRF protection is off' {
        It 'Should return nothing' {
            $crumb = @(Get-JenkinsCrumb -Uri $noCsrf.Url -Credential $password)

            $crumb.Count | Should -Be 0
        }
    }

    Context 'When the credential is wrong' {
        It 'Should write a non-terminating JenkinsUnauthorized error without the password' {
            $wrong = New-TestCredential -Secret 'wrong-secret-123'
            $null = Get-JenkinsCrumb -Uri $emulator.Url -Credential $wrong -ErrorAction 'SilentlyContinue' `
                -ErrorVariable 'failures'

            $failures.Count | Should -Be 1
            $failures[0].FullyQualifiedErrorId | Should -Be 'JenkinsUnauthorized,Get-JenkinsCrumb'
            $failures[0].Exception.HttpStatus | Should -Be 401
            $failures[0].Exception.Message | Should -Not -Match 'wrong-secret-123'
        }

        It 'Should stop a script with -ErrorAction Stop' {
            $wrong = New-TestCredential -Secret 'wrong-secret-123'
            $thrown = { Get-JenkinsCrumb -Uri $emulator.Url -Credential $wrong -ErrorAction 'Stop' } |
                Should -Throw -PassThru

            $thrown.FullyQualifiedErrorId | Should -Be 'JenkinsUnauthorized,Get-JenkinsCrumb'
        }
    }
}
