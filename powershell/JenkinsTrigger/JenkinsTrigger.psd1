@{
    RootModule           = 'JenkinsTrigger.psm1'
    ModuleVersion        = '0.1.0'
    GUID                 = 'c4d2fc92-8838-428d-8d2b-4dcb54b4cfdd'
    Author               = 'JenkinsTrigger contributors'
    CompanyName          = 'JenkinsTrigger contributors'
    Copyright            = '(c) JenkinsTrigger contributors. Licensed under MIT or Apache-2.0.'
    Description          = 'Trigger Jenkins builds and follow them to their result, from scripts and Octopus Deploy.'

    # The only place the module states its version requirements.
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')

    FormatsToProcess     = @('JenkinsTrigger.Format.ps1xml')

    FunctionsToExport    = @(
        'New-JenkinsSession'
        'Get-JenkinsCrumb'
        'Invoke-JenkinsBuild'
        'Wait-JenkinsBuild'
        'Get-JenkinsBuild'
        'Get-JenkinsBuildLog'
        'Stop-JenkinsBuild'
    )
    CmdletsToExport      = @()
    VariablesToExport    = @()
    AliasesToExport      = @()

    PrivateData          = @{
        PSData = @{
            Tags = @(
                'Jenkins', 'CI', 'Build', 'Octopus', 'OctopusDeploy', 'Deployment',
                'PSEdition_Desktop', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS'
            )
        }
    }
}
