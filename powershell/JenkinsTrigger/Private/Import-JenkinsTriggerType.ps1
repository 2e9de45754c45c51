function Import-JenkinsTriggerType
{
    <#
    .SYNOPSIS
        Compiles the module's C# layer and loads the native library, once per session.

    .DESCRIPTION
        .NET types cannot be unloaded or replaced in a running session, so the C# source
        (JenkinsTrigger.cs) is compiled with Add-Type only when its types are not loaded yet,
        and the SHA-256 of the source compiled is kept in the application domain. A later
        import (Import-Module -Force, or another copy of the module) reuses the loaded types
        when the source is the same, and stops with a clear error when it differs: an older or
        newer copy is loaded, and only a new session can load this one.

        The native library comes from <module>/runtimes/<rid>/native/; when it is missing the
        error names the path looked for.

    .PARAMETER ModuleRoot
        The module's folder.

    .EXAMPLE
        Import-JenkinsTriggerType -ModuleRoot $PSScriptRoot
    #>
    [CmdletBinding()]
    [OutputType([System.Void])]
    param
    (
        [Parameter()]
        [System.String]
        $ModuleRoot
    )

    $hashKey = 'JenkinsTrigger.SourceSha256'
    $sourcePath = Join-Path -Path $ModuleRoot -ChildPath 'JenkinsTrigger.cs'
    if (-not (Test-Path -LiteralPath $sourcePath -PathType Leaf))
    {
        throw [System.IO.FileNotFoundException]::new(($script:LocalizedData.SourceMissing -f $sourcePath), $sourcePath)
    }
    $sourceHash = (Get-FileHash -LiteralPath $sourcePath -Algorithm 'SHA256').Hash

    if ($null -eq ('JenkinsTrigger.JenkinsClient' -as [System.Type]))
    {
        Add-Type -Path $sourcePath -ErrorAction 'Stop'
        [System.AppDomain]::CurrentDomain.SetData($hashKey, $sourceHash)
        Write-Verbose -Message ($script:LocalizedData.TypeCompiled -f $sourcePath)
    }
    else
    {
        $loadedHash = [System.AppDomain]::CurrentDomain.GetData($hashKey)
        if ($loadedHash -ne $sourceHash)
        {
            $message = ($script:LocalizedData.OtherTypeLoaded -f $ModuleRoot) + ' ' +
                $script:LocalizedData.NewSessionNeeded
            throw [System.InvalidOperationException]::new($message)
        }
        Write-Verbose -Message $script:LocalizedData.TypeReused
    }

    $loader = 'JenkinsTrigger.NativeLibrary' -as [System.Type]
    try
    {
        $nativePath = $loader::Load($ModuleRoot)
    }
    catch
    {
        $reason = $_.Exception
        while ($reason -is [System.Management.Automation.RuntimeException] -and $null -ne $reason.InnerException)
        {
            $reason = $reason.InnerException
        }
        $message = $script:LocalizedData.NativeMissing -f $loader::RuntimeId(), $reason.Message
        if ($reason -is [System.IO.FileNotFoundException])
        {
            throw [System.IO.FileNotFoundException]::new($message, $reason.FileName, $reason)
        }
        throw [System.InvalidOperationException]::new($message, $reason)
    }
    $clientType = 'JenkinsTrigger.JenkinsClient' -as [System.Type]
    Write-Verbose -Message ($script:LocalizedData.NativeLoaded -f $clientType::Version, $clientType::AbiVersion,
        $nativePath)
}
