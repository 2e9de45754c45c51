// JenkinsTrigger.cs: the C# layer over the JenkinsTrigger C ABI (include/jenkins_trigger.h).
//
// PowerShell compiles this file with Add-Type on Windows PowerShell 5.1 and PowerShell 7, and C#
// programs may compile it in, so it is C# 5 against the .NET Framework 4.5 API, and must build
// without warnings (Add-Type treats them as errors) on .NET Framework, .NET and Mono alike.
//
// Layers: the public types at the top; below them NativeLibrary, which finds and opens the
// native library and binds each function to a delegate (internal class Native, exact C names);
// the SafeHandle per native handle; UTF-8 helpers. Nothing here prints anything.

using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace JenkinsTrigger
{
    /// <summary>The outcome of a native call, as <c>JtStatus</c> in jenkins_trigger.h.</summary>
    public enum JtStatus : uint
    {
        /// <summary>Success.</summary>
        Ok = 0,
        /// <summary>A null or invalid argument: an unparsable URL, a user name containing ':',
        /// a CA file that does not exist, an unknown parameter name. Nothing was sent.</summary>
        InvalidArgument = 1,
        /// <summary>No connection could be made, or it broke before an answer came.</summary>
        Connect = 2,
        /// <summary>The TLS handshake failed.</summary>
        Tls = 3,
        /// <summary>No answer, or no start or end of the build, within the deadline.</summary>
        Timeout = 4,
        /// <summary>401 from Jenkins: wrong user name, password or token.</summary>
        Unauthorized = 5,
        /// <summary>403 for lack of a permission.</summary>
        Forbidden = 6,
        /// <summary>403 for a CSRF crumb still refused after one fresh crumb.</summary>
        Crumb = 7,
        /// <summary>404: no such job, build or queue item.</summary>
        NotFound = 8,
        /// <summary>Any other HTTP status, such as 409 for a disabled job or a 5xx.</summary>
        Http = 9,
        /// <summary>An answer Jenkins would not give, such as bad JSON.</summary>
        Protocol = 10,
        /// <summary>The queue item was cancelled.</summary>
        Cancelled = 11,
        /// <summary>A bug in the native library.</summary>
        Internal = 12
    }

    /// <summary>The result of a build, as <c>JtBuildResult</c> in jenkins_trigger.h.</summary>
    public enum JtBuildResult : uint
    {
        /// <summary>No result yet: the build is still running.</summary>
        None = 0,
        /// <summary>SUCCESS.</summary>
        Success = 1,
        /// <summary>UNSTABLE: the build ran, tests or quality gates failed.</summary>
        Unstable = 2,
        /// <summary>FAILURE.</summary>
        Failure = 3,
        /// <summary>NOT_BUILT.</summary>
        NotBuilt = 4,
        /// <summary>ABORTED.</summary>
        Aborted = 5
    }

    /// <summary>A failed call: the native status, the HTTP status behind it and the native
    /// message, which says what failed and what to do and never holds a password, token or
    /// crumb.</summary>
    public sealed class JenkinsException : Exception
    {
        private readonly JtStatus status;
        private readonly int httpStatus;

        /// <summary>Creates an exception as the library raises it (for tests and mocks).</summary>
        /// <param name="status">The status of the failure.</param>
        /// <param name="httpStatus">The HTTP status of the answer behind it, 0 when none came.</param>
        /// <param name="message">What failed and what to do; must not hold a secret.</param>
        public JenkinsException(JtStatus status, int httpStatus, string message)
            : base(message)
        {
            this.status = status;
            this.httpStatus = httpStatus;
        }

        /// <summary>The status of the failure (never <see cref="JtStatus.Ok"/>).</summary>
        public JtStatus Status
        {
            get { return status; }
        }

        /// <summary>The HTTP status of the answer behind the failure; 0 when no answer
        /// came.</summary>
        public int HttpStatus
        {
            get { return httpStatus; }
        }

        /// <summary>An argument the wrapper refuses before calling into the library; the
        /// message names the argument, never its value.</summary>
        internal static JenkinsException Invalid(string message)
        {
            return new JenkinsException(JtStatus.InvalidArgument, 0, message);
        }
    }

    /// <summary>A CSRF crumb: the header to send it in and its value (a secret).</summary>
    public sealed class Crumb
    {
        /// <summary>The header name, e.g. "Jenkins-Crumb".</summary>
        public string Field;

        /// <summary>The crumb value. Treat it as a secret: do not log it.</summary>
        public string Value;
    }

    /// <summary>A triggered build waiting in the queue.</summary>
    public sealed class QueuedBuild
    {
        /// <summary>The queue item id, for <see cref="JenkinsClient.WaitForStart"/> and
        /// <see cref="JenkinsClient.CancelQueueItem"/>.</summary>
        public ulong QueueId;

        /// <summary>The queue item's URL on the client's base URL.</summary>
        public string QueueUrl;
    }

    /// <summary>A build that has started.</summary>
    public sealed class StartedBuild
    {
        /// <summary>The build number.</summary>
        public long Number;

        /// <summary>The build's URL on the client's base URL.</summary>
        public string Url;
    }

    /// <summary>One look at a build.</summary>
    public sealed class BuildState
    {
        /// <summary>True while the build runs.</summary>
        public bool Building;

        /// <summary>The result; <see cref="JtBuildResult.None"/> until the build has
        /// finished.</summary>
        public JtBuildResult Result;
    }

    /// <summary>One chunk of a build's console.</summary>
    public sealed class ConsoleChunk
    {
        /// <summary>The new text: console notes removed, lines ending in "\n"; may be
        /// empty.</summary>
        public string Text;

        /// <summary>The offset to pass to the next <see cref="JenkinsClient.ReadConsole"/>.</summary>
        public ulong NextStart;

        /// <summary>True while the build may still write.</summary>
        public bool More;
    }

    /// <summary>Finds and loads the native library, jenkins_trigger, from a module or program
    /// folder: <c>&lt;root&gt;/runtimes/&lt;rid&gt;/native/&lt;file&gt;</c>, the NuGet layout.</summary>
    /// <remarks>The library is opened by absolute path (LoadLibraryEx or dlopen) and each
    /// function bound to a delegate, because DllImport does not find a library in a module
    /// folder reliably on .NET Framework, .NET and Mono alike.</remarks>
    public static class NativeLibrary
    {
        private static readonly object Sync = new object();
        private static volatile string loadedPath;
        private static string runtimeId;

        /// <summary>The runtime identifier of this process: "win-x64", "win-arm64",
        /// "linux-x64", "linux-arm64", "osx-x64", "osx-arm64" (other platforms give other
        /// names, for which no library ships).</summary>
        public static string RuntimeId()
        {
            lock (Sync)
            {
                if (runtimeId == null)
                {
                    runtimeId = Platform.OperatingSystem() + "-" + Platform.ProcessArchitecture();
                }
                return runtimeId;
            }
        }

        /// <summary>The native library's file name on this operating system:
        /// jenkins_trigger.dll, libjenkins_trigger.dylib or libjenkins_trigger.so.</summary>
        public static string FileName()
        {
            switch (Platform.OperatingSystem())
            {
                case "win":
                    return "jenkins_trigger.dll";
                case "osx":
                    return "libjenkins_trigger.dylib";
                default:
                    return "libjenkins_trigger.so";
            }
        }

        /// <summary>Loads <c>&lt;moduleRoot&gt;/runtimes/&lt;rid&gt;/native/&lt;file&gt;</c> once
        /// per process and returns its full path. Later calls return the path loaded first,
        /// whatever root they name.</summary>
        /// <param name="moduleRoot">The module (or program) folder holding runtimes/.</param>
        /// <returns>The full path of the loaded library.</returns>
        /// <exception cref="FileNotFoundException">No library at the path looked for, which the
        /// message and <see cref="FileNotFoundException.FileName"/> name.</exception>
        /// <exception cref="DllNotFoundException">The file exists but the operating system
        /// cannot load it (the message has its reason).</exception>
        /// <exception cref="EntryPointNotFoundException">The library lacks a function, which
        /// the message names.</exception>
        /// <exception cref="NotSupportedException">The library implements another ABI
        /// version.</exception>
        public static string Load(string moduleRoot)
        {
            if (moduleRoot == null)
            {
                throw new ArgumentNullException("moduleRoot");
            }
            lock (Sync)
            {
                if (loadedPath != null)
                {
                    return loadedPath;
                }
                string rid = RuntimeId();
                string path = Path.Combine(Path.GetFullPath(moduleRoot), "runtimes", rid, "native",
                    FileName());
                if (!File.Exists(path))
                {
                    throw new FileNotFoundException(
                        "The JenkinsTrigger native library for " + rid + " was not found at '" + path +
                        "'. Build it for this platform (powershell/build-module.sh) or install a module " +
                        "that ships runtimes/" + rid + "/native/.", path);
                }
                IntPtr library = Platform.Open(path);
                Native.Bind(library, path);
                uint abi = Native.jt_abi_version();
                if (abi != Native.AbiVersion)
                {
                    throw new NotSupportedException(
                        "'" + path + "' implements C ABI version " +
                        abi.ToString(CultureInfo.InvariantCulture) + "; this JenkinsTrigger.cs needs " +
                        "version " + Native.AbiVersion.ToString(CultureInfo.InvariantCulture) +
                        ". Use the library and the C# source of one release.");
                }
                loadedPath = path;
                return path;
            }
        }

        /// <summary>Loads the library from the application's folder unless it is loaded, so a
        /// C# program that ships runtimes/ beside itself need not call Load.</summary>
        internal static void EnsureLoaded()
        {
            if (loadedPath == null)
            {
                Load(AppDomain.CurrentDomain.BaseDirectory);
            }
        }
    }

    /// <summary>A connection to one Jenkins controller: URL, credentials, transport settings
    /// and the cookie session its crumbs are bound to. Safe to use from several threads.</summary>
    /// <remarks>Every method blocks within the client's timeout (or the wait's own) and
    /// throws <see cref="JenkinsException"/> on failure. After <see cref="Dispose"/> every
    /// method throws <see cref="ObjectDisposedException"/>.</remarks>
    public sealed class JenkinsClient : IDisposable
    {
        private readonly ClientHandle handle;

        // Set by Dispose. The handle alone cannot tell: SafeHandle counts as closed only once the
        // last running call has returned, so while other threads keep calling it would never be.
        private volatile bool disposed;

        /// <summary>Creates a client for the Jenkins root <paramref name="baseUrl"/>, which may
        /// carry a context path (https://ci.example/jenkins/). No request is made. Loads the
        /// native library from the application folder unless
        /// <see cref="NativeLibrary.Load"/> was called.</summary>
        /// <param name="baseUrl">The Jenkins root URL, http or https, without credentials.</param>
        public JenkinsClient(string baseUrl)
        {
            NativeLibrary.EnsureLoaded();
            byte[] url = Utf8.Encode(baseUrl, "baseUrl");
            IntPtr raw;
            IntPtr error = IntPtr.Zero;
            JtStatus status = Native.jt_client_new(url, out raw, ref error);
            // Owned at once: a handle of IntPtr.Zero (after a failure) frees nothing.
            handle = new ClientHandle(status == JtStatus.Ok ? raw : IntPtr.Zero);
            Native.Check(status, error);
        }

        /// <summary>The native library's version, e.g. "0.1.0".</summary>
        public static string Version
        {
            get
            {
                NativeLibrary.EnsureLoaded();
                // Static and owned by the library: read, never freed.
                return Utf8.Read(Native.jt_version());
            }
        }

        /// <summary>The C ABI version the loaded library implements (1).</summary>
        public static uint AbiVersion
        {
            get
            {
                NativeLibrary.EnsureLoaded();
                return Native.jt_abi_version();
            }
        }

        /// <summary>Authenticates with a user and password (or a secret of unknown kind):
        /// POSTs carry a CSRF crumb fetched in the same cookie session. Prefer
        /// <see cref="SetApiToken"/> for an API token.</summary>
        /// <param name="user">The user name; must not contain ':'.</param>
        /// <param name="password">The password.</param>
        public void SetBasicAuth(string user, string password)
        {
            byte[] userBytes = Utf8.Encode(user, "user");
            byte[] secret = Utf8.Encode(password, "password");
            try
            {
                IntPtr error = IntPtr.Zero;
                JtStatus status;
                using (Lease lease = Acquire())
                {
                    status = Native.jt_client_set_basic_auth(lease.Pointer, userBytes, secret, ref error);
                }
                Native.Check(status, error);
            }
            finally
            {
                Utf8.Wipe(secret);
            }
        }

        /// <summary>Authenticates with a user and API token: no crumb round trip, so a trigger
        /// costs one request.</summary>
        /// <param name="user">The user name; must not contain ':'.</param>
        /// <param name="token">The API token.</param>
        public void SetApiToken(string user, string token)
        {
            byte[] userBytes = Utf8.Encode(user, "user");
            byte[] secret = Utf8.Encode(token, "token");
            try
            {
                IntPtr error = IntPtr.Zero;
                JtStatus status;
                using (Lease lease = Acquire())
                {
                    status = Native.jt_client_set_api_token(lease.Pointer, userBytes, secret, ref error);
                }
                Native.Check(status, error);
            }
            finally
            {
                Utf8.Wipe(secret);
            }
        }

        /// <summary>Sets the deadline of each request, from connect to the last byte (default
        /// 30 s; more than 0 and at most 24 hours).</summary>
        /// <param name="timeout">The per-request deadline.</param>
        public void SetTimeout(TimeSpan timeout)
        {
            ulong ms = Milliseconds(timeout, "timeout");
            IntPtr error = IntPtr.Zero;
            JtStatus status;
            using (Lease lease = Acquire())
            {
                status = Native.jt_client_set_timeout_ms(lease.Pointer, ms, ref error);
            }
            Native.Check(status, error);
        }

        /// <summary>Trusts the CA certificates in a PEM file besides the system's store.</summary>
        /// <param name="pemPath">Path of a PEM file holding at least one certificate.</param>
        public void SetCaFile(string pemPath)
        {
            byte[] path = Utf8.Encode(pemPath, "pemPath");
            IntPtr error = IntPtr.Zero;
            JtStatus status;
            using (Lease lease = Acquire())
            {
                status = Native.jt_client_set_ca_file(lease.Pointer, path, ref error);
            }
            Native.Check(status, error);
        }

        /// <summary>Turns TLS certificate verification off (true) or on (false, the default)
        /// for every request of this client. Prefer <see cref="SetCaFile"/>.</summary>
        /// <param name="skip">True to skip verification.</param>
        public void SetInsecure(bool skip)
        {
            IntPtr error = IntPtr.Zero;
            JtStatus status;
            using (Lease lease = Acquire())
            {
                status = Native.jt_client_set_insecure(lease.Pointer, skip, ref error);
            }
            Native.Check(status, error);
        }

        /// <summary>Sends every request through a proxy (http://user:pass@host:port); "" goes
        /// back to the HTTPS_PROXY, HTTP_PROXY and NO_PROXY variables.</summary>
        /// <param name="proxyUrl">The proxy URL, or "".</param>
        public void SetProxy(string proxyUrl)
        {
            // The URL may carry a password: wiped after the call like the other secrets.
            byte[] secret = Utf8.Encode(proxyUrl, "proxyUrl");
            try
            {
                IntPtr error = IntPtr.Zero;
                JtStatus status;
                using (Lease lease = Acquire())
                {
                    status = Native.jt_client_set_proxy(lease.Pointer, secret, ref error);
                }
                Native.Check(status, error);
            }
            finally
            {
                Utf8.Wipe(secret);
            }
        }

        /// <summary>Sets the longest pause between two polls while waiting (default 5 s; 10 ms
        /// to 240 s). Polling starts at 200 ms and doubles up to it.</summary>
        /// <param name="interval">The longest pause.</param>
        public void SetPollInterval(TimeSpan interval)
        {
            ulong ms = Milliseconds(interval, "interval");
            IntPtr error = IntPtr.Zero;
            JtStatus status;
            using (Lease lease = Acquire())
            {
                status = Native.jt_client_set_poll_interval_ms(lease.Pointer, ms, ref error);
            }
            Native.Check(status, error);
        }

        /// <summary>Fetches a fresh CSRF crumb in the client's cookie session. Not needed before
        /// <see cref="Trigger"/>, which handles crumbs itself.</summary>
        /// <returns>The crumb, or null when the controller issues none.</returns>
        public Crumb GetCrumb()
        {
            IntPtr field = IntPtr.Zero;
            IntPtr value = IntPtr.Zero;
            try
            {
                IntPtr error = IntPtr.Zero;
                JtStatus status;
                using (Lease lease = Acquire())
                {
                    status = Native.jt_get_crumb(lease.Pointer, out field, out value, ref error);
                }
                if (status != JtStatus.Ok)
                {
                    // Out-parameters are written only on success: nothing of ours to free.
                    field = IntPtr.Zero;
                    value = IntPtr.Zero;
                }
                Native.Check(status, error);
                if (field == IntPtr.Zero || value == IntPtr.Zero)
                {
                    return null;
                }
                Crumb crumb = new Crumb();
                crumb.Field = Utf8.Read(field);
                crumb.Value = Utf8.Read(value);
                return crumb;
            }
            finally
            {
                Native.FreeString(field);
                Native.FreeString(value);
            }
        }

        /// <summary>Triggers a build of <paramref name="job"/> and returns its queue item.
        /// Given parameters are checked against the job's definitions first: an unknown name is
        /// <see cref="JtStatus.InvalidArgument"/> and nothing runs.</summary>
        /// <param name="job">The full name with '/' between folders ("team/backend/Deploy"),
        /// or an absolute job URL under the base URL.</param>
        /// <param name="parameters">Names and values (each turned into text with the invariant
        /// culture), or null for none: a parameterized job then runs with its defaults.</param>
        /// <param name="delaySeconds">The quiet period in seconds, or -1 for the job's own.</param>
        /// <param name="token">The job's remote trigger token, or null or "" for none (PowerShell
        /// passes $null to a string parameter as "").</param>
        /// <returns>The queue item.</returns>
        public QueuedBuild Trigger(string job, IDictionary parameters, long delaySeconds, string token)
        {
            if (delaySeconds < -1)
            {
                throw JenkinsException.Invalid(
                    "delaySeconds must be -1 (the job's quiet period) or a number of seconds from 0");
            }
            byte[] jobBytes = Utf8.Encode(job, "job");
            IntPtr queueUrl = IntPtr.Zero;
            using (ParameterBlock block = new ParameterBlock(parameters))
            using (TriggerOptionsHandle options = NewOptions(delaySeconds, token))
            {
                IntPtr optionsPointer = options == null ? IntPtr.Zero : options.DangerousGetHandle();
                try
                {
                    ulong queueId;
                    IntPtr error = IntPtr.Zero;
                    JtStatus status;
                    using (Lease lease = Acquire())
                    {
                        status = Native.jt_trigger_build_with_options(lease.Pointer, jobBytes, block.Names,
                            block.Values, new UIntPtr((uint)block.Count), optionsPointer,
                            out queueId, out queueUrl, ref error);
                    }
                    if (status != JtStatus.Ok)
                    {
                        queueUrl = IntPtr.Zero;
                    }
                    Native.Check(status, error);
                    QueuedBuild queued = new QueuedBuild();
                    queued.QueueId = queueId;
                    queued.QueueUrl = Utf8.Read(queueUrl);
                    return queued;
                }
                finally
                {
                    Native.FreeString(queueUrl);
                }
            }
        }

        /// <summary>Follows a queue item until Jenkins starts its build.</summary>
        /// <param name="queueId">The queue item id from <see cref="Trigger"/>.</param>
        /// <param name="timeout">How long to wait. On <see cref="JtStatus.Timeout"/> the item
        /// stays queued; <see cref="JtStatus.Cancelled"/> means it was cancelled.</param>
        /// <returns>The build's number and URL.</returns>
        public StartedBuild WaitForStart(ulong queueId, TimeSpan timeout)
        {
            ulong ms = Milliseconds(timeout, "timeout");
            IntPtr url = IntPtr.Zero;
            try
            {
                long number;
                IntPtr error = IntPtr.Zero;
                JtStatus status;
                using (Lease lease = Acquire())
                {
                    status = Native.jt_wait_for_start(lease.Pointer, queueId, ms, out number, out url,
                        ref error);
                }
                if (status != JtStatus.Ok)
                {
                    url = IntPtr.Zero;
                }
                Native.Check(status, error);
                StartedBuild started = new StartedBuild();
                started.Number = number;
                started.Url = Utf8.Read(url);
                return started;
            }
            finally
            {
                Native.FreeString(url);
            }
        }

        /// <summary>Looks at a build once, without waiting.</summary>
        /// <param name="buildUrl">The build's URL from <see cref="WaitForStart"/>.</param>
        /// <returns>Whether it runs and its result.</returns>
        public BuildState GetBuild(string buildUrl)
        {
            byte[] url = Utf8.Encode(buildUrl, "buildUrl");
            bool building;
            JtBuildResult result;
            IntPtr error = IntPtr.Zero;
            JtStatus status;
            using (Lease lease = Acquire())
            {
                status = Native.jt_get_build(lease.Pointer, url, out building, out result, ref error);
            }
            Native.Check(status, error);
            BuildState state = new BuildState();
            state.Building = building;
            state.Result = result;
            return state;
        }

        /// <summary>Waits until the build finishes. A finished build returns whatever its
        /// result; <see cref="JtStatus.Timeout"/> leaves it running.</summary>
        /// <param name="buildUrl">The build's URL from <see cref="WaitForStart"/>.</param>
        /// <param name="timeout">How long to wait.</param>
        /// <returns>The result.</returns>
        public JtBuildResult WaitForBuild(string buildUrl, TimeSpan timeout)
        {
            ulong ms = Milliseconds(timeout, "timeout");
            byte[] url = Utf8.Encode(buildUrl, "buildUrl");
            JtBuildResult result;
            IntPtr error = IntPtr.Zero;
            JtStatus status;
            using (Lease lease = Acquire())
            {
                status = Native.jt_wait_for_build(lease.Pointer, url, ms, out result, ref error);
            }
            Native.Check(status, error);
            return result;
        }

        /// <summary>Reads one chunk of the build's console from byte offset
        /// <paramref name="start"/>; pass the chunk's <see cref="ConsoleChunk.NextStart"/> next,
        /// until <see cref="ConsoleChunk.More"/> is false.</summary>
        /// <param name="buildUrl">The build's URL from <see cref="WaitForStart"/>.</param>
        /// <param name="start">0 at first, then the previous chunk's NextStart.</param>
        /// <returns>The chunk.</returns>
        public ConsoleChunk ReadConsole(string buildUrl, ulong start)
        {
            byte[] url = Utf8.Encode(buildUrl, "buildUrl");
            IntPtr text = IntPtr.Zero;
            try
            {
                ulong next;
                bool more;
                IntPtr error = IntPtr.Zero;
                JtStatus status;
                using (Lease lease = Acquire())
                {
                    status = Native.jt_read_console(lease.Pointer, url, start, out text, out next, out more,
                        ref error);
                }
                if (status != JtStatus.Ok)
                {
                    text = IntPtr.Zero;
                }
                Native.Check(status, error);
                ConsoleChunk chunk = new ConsoleChunk();
                chunk.Text = Utf8.Read(text) ?? "";
                chunk.NextStart = next;
                chunk.More = more;
                return chunk;
            }
            finally
            {
                Native.FreeString(text);
            }
        }

        /// <summary>Asks Jenkins to abort a running build; <see cref="WaitForBuild"/> then
        /// reports <see cref="JtBuildResult.Aborted"/>.</summary>
        /// <param name="buildUrl">The build's URL from <see cref="WaitForStart"/>.</param>
        public void StopBuild(string buildUrl)
        {
            byte[] url = Utf8.Encode(buildUrl, "buildUrl");
            IntPtr error = IntPtr.Zero;
            JtStatus status;
            using (Lease lease = Acquire())
            {
                status = Native.jt_stop_build(lease.Pointer, url, ref error);
            }
            Native.Check(status, error);
        }

        /// <summary>Cancels a queue item that has not started; <see cref="JtStatus.NotFound"/>
        /// when it is no longer queued.</summary>
        /// <param name="queueId">The queue item id from <see cref="Trigger"/>.</param>
        public void CancelQueueItem(ulong queueId)
        {
            IntPtr error = IntPtr.Zero;
            JtStatus status;
            using (Lease lease = Acquire())
            {
                status = Native.jt_cancel_queue_item(lease.Pointer, queueId, ref error);
            }
            Native.Check(status, error);
        }

        /// <summary>Frees the native client. Calls running on other threads finish first; later
        /// calls throw <see cref="ObjectDisposedException"/>. Calling it again does
        /// nothing.</summary>
        public void Dispose()
        {
            disposed = true;
            handle.Dispose();
        }

        /// <summary>Holds the native client for one call, so that a Dispose on another thread
        /// frees it only after the call returns.</summary>
        private Lease Acquire()
        {
            if (disposed)
            {
                throw new ObjectDisposedException(typeof(JenkinsClient).FullName);
            }
            try
            {
                return new Lease(handle);
            }
            catch (ObjectDisposedException)
            {
                // Disposed on another thread since the check: name this type, not the handle's.
                throw new ObjectDisposedException(typeof(JenkinsClient).FullName);
            }
        }

        /// <summary>Options for the quiet period and token, or null when neither is given.</summary>
        private static TriggerOptionsHandle NewOptions(long delaySeconds, string token)
        {
            if (delaySeconds < 0 && string.IsNullOrEmpty(token))
            {
                return null;
            }
            byte[] secret = Utf8.Encode(token, "token");
            IntPtr raw;
            IntPtr error = IntPtr.Zero;
            JtStatus status = Native.jt_trigger_options_new(out raw, ref error);
            TriggerOptionsHandle options =
                new TriggerOptionsHandle(status == JtStatus.Ok ? raw : IntPtr.Zero);
            try
            {
                Native.Check(status, error);
                if (delaySeconds >= 0)
                {
                    error = IntPtr.Zero;
                    status = Native.jt_trigger_options_set_delay(raw, (ulong)delaySeconds, ref error);
                    Native.Check(status, error);
                }
                if (!string.IsNullOrEmpty(token))
                {
                    error = IntPtr.Zero;
                    status = Native.jt_trigger_options_set_token(raw, secret, ref error);
                    Native.Check(status, error);
                }
                return options;
            }
            catch
            {
                options.Dispose();
                throw;
            }
            finally
            {
                Utf8.Wipe(secret);
            }
        }

        /// <summary>Whole milliseconds, rounded up so that a tiny positive span is not 0.</summary>
        private static ulong Milliseconds(TimeSpan span, string what)
        {
            if (span < TimeSpan.Zero)
            {
                throw JenkinsException.Invalid(what + " is negative; give a positive time span");
            }
            return (ulong)Math.Ceiling(span.TotalMilliseconds);
        }
    }

    /// <summary>One reference to a SafeHandle for the length of a native call.</summary>
    internal sealed class Lease : IDisposable
    {
        private readonly SafeHandle handle;
        private bool held;

        internal Lease(SafeHandle handle)
        {
            this.handle = handle;
            // Throws ObjectDisposedException when the handle is closed.
            handle.DangerousAddRef(ref held);
        }

        internal IntPtr Pointer
        {
            get { return handle.DangerousGetHandle(); }
        }

        public void Dispose()
        {
            if (held)
            {
                held = false;
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>A native pointer that one <c>_free</c> function releases; IntPtr.Zero is
    /// invalid, so a handle from a failed call frees nothing.</summary>
    internal abstract class NativeHandle : SafeHandle
    {
        protected NativeHandle(IntPtr pointer)
            : base(IntPtr.Zero, true)
        {
            SetHandle(pointer);
        }

        public override bool IsInvalid
        {
            get { return handle == IntPtr.Zero; }
        }
    }

    /// <summary>A JtClient, freed with jt_client_free.</summary>
    internal sealed class ClientHandle : NativeHandle
    {
        internal ClientHandle(IntPtr pointer)
            : base(pointer)
        {
        }

        protected override bool ReleaseHandle()
        {
            Native.jt_client_free(handle);
            return true;
        }
    }

    /// <summary>A JtError, freed with jt_error_free.</summary>
    internal sealed class ErrorHandle : NativeHandle
    {
        internal ErrorHandle(IntPtr pointer)
            : base(pointer)
        {
        }

        protected override bool ReleaseHandle()
        {
            Native.jt_error_free(handle);
            return true;
        }
    }

    /// <summary>A JtTriggerOptions, freed with jt_trigger_options_free.</summary>
    internal sealed class TriggerOptionsHandle : NativeHandle
    {
        internal TriggerOptionsHandle(IntPtr pointer)
            : base(pointer)
        {
        }

        protected override bool ReleaseHandle()
        {
            Native.jt_trigger_options_free(handle);
            return true;
        }
    }

    /// <summary>Trigger parameters as the C arrays of NUL-terminated UTF-8 strings, pinned for
    /// the call; values are wiped afterwards since a parameter may hold a password.</summary>
    internal sealed class ParameterBlock : IDisposable
    {
        internal readonly IntPtr[] Names;
        internal readonly IntPtr[] Values;
        internal readonly int Count;
        private readonly byte[][] bytes;
        private readonly GCHandle[] pins;

        internal ParameterBlock(IDictionary parameters)
        {
            int count = parameters == null ? 0 : parameters.Count;
            bytes = new byte[count * 2][];
            pins = new GCHandle[count * 2];
            if (count == 0)
            {
                // The C contract allows NULL arrays with a count of 0.
                return;
            }
            Names = new IntPtr[count];
            Values = new IntPtr[count];
            try
            {
                foreach (DictionaryEntry entry in parameters)
                {
                    if (Count == count)
                    {
                        break;
                    }
                    string name = Convert.ToString(entry.Key, CultureInfo.InvariantCulture);
                    if (entry.Value == null)
                    {
                        throw JenkinsException.Invalid("parameter '" + name + "' has no value (null); give " +
                            "the text to send, \"\" for an empty value");
                    }
                    string value = Convert.ToString(entry.Value, CultureInfo.InvariantCulture);
                    Names[Count] = Pin(2 * Count, Utf8.Encode(name, "a parameter name"));
                    Values[Count] =
                        Pin(2 * Count + 1, Utf8.Encode(value, "the value of parameter '" + name + "'"));
                    Count++;
                }
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        private IntPtr Pin(int slot, byte[] text)
        {
            bytes[slot] = text;
            pins[slot] = GCHandle.Alloc(text, GCHandleType.Pinned);
            return pins[slot].AddrOfPinnedObject();
        }

        public void Dispose()
        {
            for (int i = 0; i < pins.Length; i++)
            {
                if (pins[i].IsAllocated)
                {
                    pins[i].Free();
                }
                Utf8.Wipe(bytes[i]);
            }
        }
    }

    /// <summary>UTF-8 across the boundary: strict in (refuse what cannot be encoded), lax out
    /// (the library only returns valid UTF-8, but a bad byte must not throw).</summary>
    internal static class Utf8
    {
        private static readonly Encoding Strict = new UTF8Encoding(false, true);
        private static readonly Encoding Lax = new UTF8Encoding(false, false);

        /// <summary>NUL-terminated UTF-8 bytes of <paramref name="text"/>; null for null, which
        /// the library reports as an invalid argument naming the C parameter. Errors name
        /// <paramref name="what"/>, never the text, which may be a secret.</summary>
        internal static byte[] Encode(string text, string what)
        {
            if (text == null)
            {
                return null;
            }
            if (text.IndexOf('\0') >= 0)
            {
                // A C string would end there, silently cutting a password or value short.
                throw JenkinsException.Invalid(what + " contains a NUL character (U+0000), which a C " +
                    "string cannot carry");
            }
            byte[] bytes;
            try
            {
                bytes = new byte[Strict.GetByteCount(text) + 1];
                Strict.GetBytes(text, 0, text.Length, bytes, 0);
            }
            catch (EncoderFallbackException)
            {
                throw JenkinsException.Invalid(what + " is not valid Unicode (it holds an unpaired " +
                    "surrogate), so it cannot be sent as UTF-8");
            }
            return bytes;
        }

        /// <summary>Decodes a NUL-terminated UTF-8 string the library returned, without freeing
        /// it; null for NULL.</summary>
        internal static string Read(IntPtr text)
        {
            if (text == IntPtr.Zero)
            {
                return null;
            }
            int length = 0;
            while (Marshal.ReadByte(text, length) != 0)
            {
                length++;
            }
            byte[] bytes = new byte[length];
            Marshal.Copy(text, bytes, 0, length);
            return Lax.GetString(bytes);
        }

        /// <summary>Overwrites bytes that held a secret, so they do not linger on the heap.</summary>
        internal static void Wipe(byte[] bytes)
        {
            if (bytes != null)
            {
                Array.Clear(bytes, 0, bytes.Length);
            }
        }
    }

    /// <summary>The native functions, bound by <see cref="Bind"/> to delegates named exactly as
    /// the C functions; signatures follow include/jenkins_trigger.h. Strings in are
    /// NUL-terminated UTF-8 byte arrays, C bool is one byte (U1), JtError** is ref IntPtr.</summary>
    internal static class Native
    {
        /// <summary>The C ABI version these signatures follow (JT_ABI_VERSION).</summary>
        internal const uint AbiVersion = 1;

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate uint AbiVersionFn();

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate IntPtr StaticStringFn();

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate void FreeFn(IntPtr pointer);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate ushort ErrorHttpStatusFn(IntPtr error);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate IntPtr ErrorMessageFn(IntPtr error);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate JtStatus ClientNewFn(byte[] baseUrl, out IntPtr client, ref IntPtr error);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate JtStatus SetTwoStringsFn(IntPtr client, byte[] first, byte[] second,
            ref IntPtr error);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate JtStatus SetStringFn(IntPtr client, byte[] text, ref IntPtr error);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate JtStatus SetNumberFn(IntPtr target, ulong number, ref IntPtr error);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate JtStatus SetBoolFn(IntPtr client, [MarshalAs(UnmanagedType.U1)] bool flag,
            ref IntPtr error);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate JtStatus GetCrumbFn(IntPtr client, out IntPtr field, out IntPtr crumb,
            ref IntPtr error);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate JtStatus TriggerFn(IntPtr client, byte[] job, IntPtr[] names, IntPtr[] values,
            UIntPtr count, IntPtr options, out ulong queueId, out IntPtr queueUrl, ref IntPtr error);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate JtStatus WaitForStartFn(IntPtr client, ulong queueId, ulong timeoutMs,
            out long buildNumber, out IntPtr buildUrl, ref IntPtr error);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate JtStatus GetBuildFn(IntPtr client, byte[] buildUrl,
            [MarshalAs(UnmanagedType.U1)] out bool building, out JtBuildResult result, ref IntPtr error);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate JtStatus WaitForBuildFn(IntPtr client, byte[] buildUrl, ulong timeoutMs,
            out JtBuildResult result, ref IntPtr error);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate JtStatus ReadConsoleFn(IntPtr client, byte[] buildUrl, ulong start, out IntPtr text,
            out ulong nextStart, [MarshalAs(UnmanagedType.U1)] out bool more, ref IntPtr error);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate JtStatus CancelQueueItemFn(IntPtr client, ulong queueId, ref IntPtr error);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate JtStatus NewOptionsFn(out IntPtr options, ref IntPtr error);

        internal static AbiVersionFn jt_abi_version;
        internal static StaticStringFn jt_version;
        internal static FreeFn jt_string_free;
        internal static ErrorHttpStatusFn jt_error_http_status;
        internal static ErrorMessageFn jt_error_message;
        internal static FreeFn jt_error_free;
        internal static ClientNewFn jt_client_new;
        internal static FreeFn jt_client_free;
        internal static SetTwoStringsFn jt_client_set_basic_auth;
        internal static SetTwoStringsFn jt_client_set_api_token;
        internal static SetNumberFn jt_client_set_timeout_ms;
        internal static SetStringFn jt_client_set_ca_file;
        internal static SetBoolFn jt_client_set_insecure;
        internal static SetStringFn jt_client_set_proxy;
        internal static SetNumberFn jt_client_set_poll_interval_ms;
        internal static GetCrumbFn jt_get_crumb;
        internal static TriggerFn jt_trigger_build_with_options;
        internal static NewOptionsFn jt_trigger_options_new;
        internal static SetNumberFn jt_trigger_options_set_delay;
        internal static SetStringFn jt_trigger_options_set_token;
        internal static FreeFn jt_trigger_options_free;
        internal static WaitForStartFn jt_wait_for_start;
        internal static GetBuildFn jt_get_build;
        internal static WaitForBuildFn jt_wait_for_build;
        internal static ReadConsoleFn jt_read_console;
        internal static SetStringFn jt_stop_build;
        internal static CancelQueueItemFn jt_cancel_queue_item;

        /// <summary>Binds every function from the opened <paramref name="library"/>. The
        /// delegates live in static fields for the life of the process, as the library does
        /// (it is never unloaded).</summary>
        internal static void Bind(IntPtr library, string path)
        {
            jt_abi_version = Symbol<AbiVersionFn>(library, path, "jt_abi_version");
            jt_version = Symbol<StaticStringFn>(library, path, "jt_version");
            jt_string_free = Symbol<FreeFn>(library, path, "jt_string_free");
            jt_error_http_status = Symbol<ErrorHttpStatusFn>(library, path, "jt_error_http_status");
            jt_error_message = Symbol<ErrorMessageFn>(library, path, "jt_error_message");
            jt_error_free = Symbol<FreeFn>(library, path, "jt_error_free");
            jt_client_new = Symbol<ClientNewFn>(library, path, "jt_client_new");
            jt_client_free = Symbol<FreeFn>(library, path, "jt_client_free");
            jt_client_set_basic_auth = Symbol<SetTwoStringsFn>(library, path, "jt_client_set_basic_auth");
            jt_client_set_api_token = Symbol<SetTwoStringsFn>(library, path, "jt_client_set_api_token");
            jt_client_set_timeout_ms = Symbol<SetNumberFn>(library, path, "jt_client_set_timeout_ms");
            jt_client_set_ca_file = Symbol<SetStringFn>(library, path, "jt_client_set_ca_file");
            jt_client_set_insecure = Symbol<SetBoolFn>(library, path, "jt_client_set_insecure");
            jt_client_set_proxy = Symbol<SetStringFn>(library, path, "jt_client_set_proxy");
            jt_client_set_poll_interval_ms =
                Symbol<SetNumberFn>(library, path, "jt_client_set_poll_interval_ms");
            jt_get_crumb = Symbol<GetCrumbFn>(library, path, "jt_get_crumb");
            jt_trigger_build_with_options = Symbol<TriggerFn>(library, path, "jt_trigger_build_with_options");
            jt_trigger_options_new = Symbol<NewOptionsFn>(library, path, "jt_trigger_options_new");
            jt_trigger_options_set_delay = Symbol<SetNumberFn>(library, path, "jt_trigger_options_set_delay");
            jt_trigger_options_set_token = Symbol<SetStringFn>(library, path, "jt_trigger_options_set_token");
            jt_trigger_options_free = Symbol<FreeFn>(library, path, "jt_trigger_options_free");
            jt_wait_for_start = Symbol<WaitForStartFn>(library, path, "jt_wait_for_start");
            jt_get_build = Symbol<GetBuildFn>(library, path, "jt_get_build");
            jt_wait_for_build = Symbol<WaitForBuildFn>(library, path, "jt_wait_for_build");
            jt_read_console = Symbol<ReadConsoleFn>(library, path, "jt_read_console");
            jt_stop_build = Symbol<SetStringFn>(library, path, "jt_stop_build");
            jt_cancel_queue_item = Symbol<CancelQueueItemFn>(library, path, "jt_cancel_queue_item");
        }

        private static T Symbol<T>(IntPtr library, string path, string name) where T : class
        {
            IntPtr address = Platform.Symbol(library, name);
            if (address == IntPtr.Zero)
            {
                throw new EntryPointNotFoundException(
                    "The native library '" + path + "' has no function " + name + "; it is not a " +
                    "jenkins_trigger build this JenkinsTrigger.cs works with.");
            }
            return ToDelegate<T>(address);
        }

        /// <summary>Makes a callable delegate of a native function's address.</summary>
        internal static T ToDelegate<T>(IntPtr address) where T : class
        {
            // The generic overload needs .NET Framework 4.5.1, and .NET's reference assemblies mark
            // this one obsolete: without the pragma, Add-Type on PowerShell 7 fails on the warning.
#pragma warning disable 618
            return Marshal.GetDelegateForFunctionPointer(address, typeof(T)) as T;
#pragma warning restore 618
        }

        /// <summary>Frees the native error (if any) and throws the failure as a
        /// <see cref="JenkinsException"/> unless <paramref name="status"/> is Ok.</summary>
        internal static void Check(JtStatus status, IntPtr error)
        {
            if (status == JtStatus.Ok && error == IntPtr.Zero)
            {
                return;
            }
            using (ErrorHandle owned = new ErrorHandle(error))
            {
                if (status == JtStatus.Ok)
                {
                    return;
                }
                if (owned.IsInvalid)
                {
                    throw new JenkinsException(status, 0, "The JenkinsTrigger library failed with status " +
                        status + " and gave no error object.");
                }
                IntPtr pointer = owned.DangerousGetHandle();
                int httpStatus = jt_error_http_status(pointer);
                // The message is owned by the error: read before the error is freed.
                string message = Utf8.Read(jt_error_message(pointer));
                throw new JenkinsException(status, httpStatus, message);
            }
        }

        /// <summary>Frees a string the library returned; IntPtr.Zero is fine.</summary>
        internal static void FreeString(IntPtr text)
        {
            if (text != IntPtr.Zero)
            {
                jt_string_free(text);
            }
        }
    }

    /// <summary>Operating system and architecture detection, and opening a library by path,
    /// with the platform's own loader (LoadLibraryEx, or dlopen from libdl or libSystem).</summary>
    internal static class Platform
    {
        private const int RtldNow = 2;
        private const uint LoadWithAlteredSearchPath = 0x00000008;

        private static readonly object LinkerSync = new object();
        private static DynamicLinker linker;
        private static volatile string operatingSystem;

        internal static bool IsWindows
        {
            get { return Environment.OSVersion.Platform == PlatformID.Win32NT; }
        }

        /// <summary>"win", "osx", "linux", or uname's system name in lower case.</summary>
        internal static string OperatingSystem()
        {
            // Computed once; a race computes the same value twice, which is harmless.
            if (operatingSystem == null)
            {
                // .NET reports macOS as Unix, so ask the kernel.
                string system = IsWindows ? "win" : Uname(0);
                operatingSystem = system == "Darwin" ? "osx" : system.ToLowerInvariant();
            }
            return operatingSystem;
        }

        /// <summary>The process's architecture as a RID part: "x64", "arm64", "x86", ...</summary>
        internal static string ProcessArchitecture()
        {
            string fromRuntime = RuntimeArchitecture();
            if (fromRuntime != null)
            {
                return fromRuntime;
            }
            if (IsWindows)
            {
                // The process's view: an x86 process on x64 Windows sees "x86".
                return RidArchitecture(Environment.GetEnvironmentVariable("PROCESSOR_ARCHITECTURE"));
            }
            return RidArchitecture(Uname(4));
        }

        /// <summary>RuntimeInformation.ProcessArchitecture where the runtime has it (.NET,
        /// .NET Framework 4.7.1 and later, Mono), read by reflection since 4.5 lacks it.</summary>
        internal static string RuntimeArchitecture()
        {
            string[] names =
            {
                "System.Runtime.InteropServices.RuntimeInformation",
                "System.Runtime.InteropServices.RuntimeInformation, " +
                    "System.Runtime.InteropServices.RuntimeInformation"
            };
            foreach (string name in names)
            {
                try
                {
                    Type type = Type.GetType(name, false);
                    PropertyInfo property = type == null ? null : type.GetProperty("ProcessArchitecture");
                    object value = property == null ? null : property.GetValue(null, null);
                    if (value != null)
                    {
                        return value.ToString().ToLowerInvariant();
                    }
                }
                catch (Exception)
                {
                    // A runtime without the type (or its assembly): try the next name.
                }
            }
            return null;
        }

        /// <summary>Maps an architecture name from uname or Windows to a RID part.</summary>
        internal static string RidArchitecture(string machine)
        {
            switch ((machine ?? "").ToLowerInvariant())
            {
                case "x86_64":
                case "amd64":
                    return "x64";
                case "aarch64":
                case "arm64":
                    return "arm64";
                case "i386":
                case "i686":
                case "x86":
                    return "x86";
                default:
                    return (machine ?? "unknown").ToLowerInvariant();
            }
        }

        /// <summary>Field <paramref name="index"/> of uname(2): 0 the system name, 4 the
        /// machine. Linux's fields are 65 bytes long, the BSDs' and macOS's 256.</summary>
        internal static string Uname(int index)
        {
            DynamicLinker dl = Linker();
            IntPtr self = dl.Open(null, RtldNow);
            IntPtr function =
                self == IntPtr.Zero ? IntPtr.Zero : dl.Symbol(self, Utf8.Encode("uname", "symbol"));
            if (function == IntPtr.Zero)
            {
                throw new PlatformNotSupportedException("uname is not available: " + dl.LastError());
            }
            UnameFn uname = Native.ToDelegate<UnameFn>(function);
            // Larger than either layout (6 x 65 bytes on Linux, 5 x 256 elsewhere).
            IntPtr buffer = Marshal.AllocHGlobal(4096);
            try
            {
                if (uname(buffer) != 0)
                {
                    throw new PlatformNotSupportedException("uname failed");
                }
                string system = Utf8.Read(buffer);
                int fieldLength = system == "Linux" ? 65 : 256;
                return Utf8.Read(IntPtr.Add(buffer, index * fieldLength));
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }

        /// <summary>Opens the library at the absolute <paramref name="path"/>.</summary>
        internal static IntPtr Open(string path)
        {
            if (IsWindows)
            {
                // Altered search path: DLLs the library needs are looked for beside it first.
                IntPtr module = Kernel32.LoadLibraryExW(path, IntPtr.Zero, LoadWithAlteredSearchPath);
                if (module == IntPtr.Zero)
                {
                    // HRESULT_FROM_WIN32 gives the system's text for the code without System.dll.
                    int code = Marshal.GetLastWin32Error();
                    int hresult = unchecked((int)0x80070000) | (code & 0xFFFF);
                    Exception reason = Marshal.GetExceptionForHR(hresult);
                    string text = reason == null
                        ? "error " + code.ToString(CultureInfo.InvariantCulture)
                        : reason.Message;
                    throw new DllNotFoundException("Cannot load '" + path + "': " + text);
                }
                return module;
            }
            DynamicLinker dl = Linker();
            IntPtr library = dl.Open(Utf8.Encode(path, "path"), RtldNow);
            if (library == IntPtr.Zero)
            {
                throw new DllNotFoundException("Cannot load '" + path + "': " + dl.LastError());
            }
            return library;
        }

        /// <summary>The address of <paramref name="name"/> in the library, or IntPtr.Zero.</summary>
        internal static IntPtr Symbol(IntPtr library, string name)
        {
            byte[] ascii = Utf8.Encode(name, "symbol");
            if (IsWindows)
            {
                return Kernel32.GetProcAddress(library, ascii);
            }
            return Linker().Symbol(library, ascii);
        }

        /// <summary>The first dynamic linker interface that exists: glibc's libdl.so.2, a
        /// "libdl" the runtime resolves, then macOS's libSystem.</summary>
        private static DynamicLinker Linker()
        {
            lock (LinkerSync)
            {
                if (linker != null)
                {
                    return linker;
                }
                DynamicLinker[] candidates = { new LibDl2(), new LibDl(), new LibSystem() };
                foreach (DynamicLinker candidate in candidates)
                {
                    try
                    {
                        candidate.LastError();
                        linker = candidate;
                        return linker;
                    }
                    catch (DllNotFoundException)
                    {
                    }
                    catch (EntryPointNotFoundException)
                    {
                    }
                }
                throw new PlatformNotSupportedException(
                    "No dynamic linker found (tried libdl.so.2, libdl and libSystem.dylib)");
            }
        }

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        internal delegate int UnameFn(IntPtr buffer);

        private abstract class DynamicLinker
        {
            internal abstract IntPtr Open(byte[] path, int flags);

            internal abstract IntPtr Symbol(IntPtr library, byte[] name);

            internal abstract IntPtr Error();

            /// <summary>dlerror's message, or a placeholder when there is none.</summary>
            internal string LastError()
            {
                return Utf8.Read(Error()) ?? "no reason given";
            }
        }

        private sealed class LibDl2 : DynamicLinker
        {
            internal override IntPtr Open(byte[] path, int flags)
            {
                return dlopen(path, flags);
            }

            internal override IntPtr Symbol(IntPtr library, byte[] name)
            {
                return dlsym(library, name);
            }

            internal override IntPtr Error()
            {
                return dlerror();
            }

            [DllImport("libdl.so.2", CallingConvention = CallingConvention.Cdecl)]
            private static extern IntPtr dlopen(byte[] path, int flags);

            [DllImport("libdl.so.2", CallingConvention = CallingConvention.Cdecl)]
            private static extern IntPtr dlsym(IntPtr library, byte[] name);

            [DllImport("libdl.so.2", CallingConvention = CallingConvention.Cdecl)]
            private static extern IntPtr dlerror();
        }

        private sealed class LibDl : DynamicLinker
        {
            internal override IntPtr Open(byte[] path, int flags)
            {
                return dlopen(path, flags);
            }

            internal override IntPtr Symbol(IntPtr library, byte[] name)
            {
                return dlsym(library, name);
            }

            internal override IntPtr Error()
            {
                return dlerror();
            }

            [DllImport("libdl", CallingConvention = CallingConvention.Cdecl)]
            private static extern IntPtr dlopen(byte[] path, int flags);

            [DllImport("libdl", CallingConvention = CallingConvention.Cdecl)]
            private static extern IntPtr dlsym(IntPtr library, byte[] name);

            [DllImport("libdl", CallingConvention = CallingConvention.Cdecl)]
            private static extern IntPtr dlerror();
        }

        private sealed class LibSystem : DynamicLinker
        {
            internal override IntPtr Open(byte[] path, int flags)
            {
                return dlopen(path, flags);
            }

            internal override IntPtr Symbol(IntPtr library, byte[] name)
            {
                return dlsym(library, name);
            }

            internal override IntPtr Error()
            {
                return dlerror();
            }

            [DllImport("libSystem.dylib", CallingConvention = CallingConvention.Cdecl)]
            private static extern IntPtr dlopen(byte[] path, int flags);

            [DllImport("libSystem.dylib", CallingConvention = CallingConvention.Cdecl)]
            private static extern IntPtr dlsym(IntPtr library, byte[] name);

            [DllImport("libSystem.dylib", CallingConvention = CallingConvention.Cdecl)]
            private static extern IntPtr dlerror();
        }

        private static class Kernel32
        {
            [DllImport("kernel32.dll", CharSet = CharSet.Unicode, SetLastError = true, ExactSpelling = true)]
            internal static extern IntPtr LoadLibraryExW(string path, IntPtr file, uint flags);

            [DllImport("kernel32.dll", SetLastError = true, ExactSpelling = true)]
            internal static extern IntPtr GetProcAddress(IntPtr module, byte[] name);
        }
    }
}
