<#
    JenkinsTrigger: trigger Jenkins builds and follow them, through the jenkins_trigger native
    library. This file loads the module: messages, the functions (one per file in Private and
    Public), then the C# layer and the native library, once per session.
#>
Set-StrictMode -Version Latest

# Messages in the user's UI culture where a translation exists, else in English.
$importLocalizedData = @{
    BindingVariable = 'LocalizedData'
    FileName        = 'JenkinsTrigger.strings.psd1'
    BaseDirectory   = $PSScriptRoot
}
try
{
    Import-LocalizedData @importLocalizedData -ErrorAction 'Stop'
}
catch
{
    Import-LocalizedData @importLocalizedData -UICulture 'en-US' -ErrorAction 'Stop'
}

foreach ($folder in @('Private', 'Public'))
{
    $folderPath = Join-Path -Path $PSScriptRoot -ChildPath $folder
    foreach ($file in @(Get-ChildItem -Path $folderPath -Filter '*.ps1' -File))
    {
        . $file.FullName
    }
}

Import-JenkinsTriggerType -ModuleRoot $PSScriptRoot

$publicPath = Join-Path -Path $PSScriptRoot -ChildPath 'Public'
$publicFunctions = @(Get-ChildItem -Path $publicPath -Filter '*.ps1' -File | ForEach-Object -Process { $_.BaseName })
Export-ModuleMember -Function $publicFunctions
