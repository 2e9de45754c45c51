function Wait-JenkinsInterval
{
    <#
    .SYNOPSIS
        Pauses between two polls, never past the overall deadline.

    .DESCRIPTION
        Start-Sleep is interrupted by Ctrl+C at once, unlike a native call, so the waiting
        loops sleep here and keep each native call short.

    .PARAMETER Seconds
        The pause wanted.

    .PARAMETER Stopwatch
        The stopwatch of the overall wait.

    .PARAMETER Limit
        The overall time allowed on that stopwatch.

    .EXAMPLE
        Wait-JenkinsInterval -Seconds 2 -Stopwatch $stopwatch -Limit ([System.TimeSpan]::FromMinutes(30))
    #>
    [CmdletBinding()]
    [OutputType([System.Void])]
    param
    (
        [Parameter()]
        [System.Double]
        $Seconds,

        [Parameter()]
        [System.Diagnostics.Stopwatch]
        $Stopwatch,

        [Parameter()]
        [System.TimeSpan]
        $Limit
    )

    $left = ($Limit - $Stopwatch.Elapsed).TotalMilliseconds
    $milliseconds = [System.Math]::Ceiling([System.Math]::Min($Seconds * 1000, $left))
    if ($milliseconds -ge 1)
    {
        Start-Sleep -Milliseconds ([System.Int32]$milliseconds)
    }
}
