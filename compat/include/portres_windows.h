// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

/* File: portres_windows.h
 *
 * What portres's compat layer gives Win32 code for <windows.h> (every
 * spelling of the name forwards here): Windows' base types with Windows'
 * sizes and LLP64 identities (<basetsd.h>, <winnt.h>, <windef.h>), the
 * error codes and HRESULT (<winerror.h>), the SAL annotations (<sal.h>),
 * the last error, CloseHandle, FormatMessage with Windows' English texts,
 * LocalAlloc/LocalFree, GetCurrentProcessId() for the simulated process,
 * its token's elevation (OpenProcessToken, GetTokenInformation),
 * and a wide-console shim
 * (wmain, wprintf with Microsoft's %s/%ws/%S/%I64d/%I64u, _wtoi) so that the
 * documentation's console samples build unchanged on Linux.
 *
 * Example:
 *   #include <windows.h>
 *   int wmain(int argc, WCHAR** argv) {
 *     wprintf(L"%ws has token %I64d\n", argv[0], (ULONG64)42);
 *     return 0;
 *   }
 *
 * Thread safety: as on Windows. Not for Windows targets: there the SDK's own
 * headers are used.
 */
#ifndef PORTRES_COMPAT_WINDOWS_H_
#define PORTRES_COMPAT_WINDOWS_H_

#ifdef _WIN32
#error "portres's compat headers stand in for the Windows SDK on other hosts"
#endif

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>
#ifdef __cplusplus
/* <cwchar> #undefs wprintf; including it (once, it is guarded) before the
 * wprintf macro below keeps later C++ includes from removing the macro. */
#include <cwchar>
#endif

#include "portres/export.h"
#include "portres_crt.h"
#include "portres_windef.h"
#include "portres_winerror.h"

/* What follows is exported by a shared portres_compat (portres/export.h). */
PORTRES_COMPAT_API_BEGIN
#ifdef __cplusplus
extern "C" {
#endif

#define INFINITE 0xFFFFFFFFu
#define INVALID_HANDLE_VALUE ((HANDLE)(LONG_PTR)-1)

#define MoveMemory RtlMoveMemory
#define CopyMemory RtlCopyMemory
#define FillMemory RtlFillMemory
#define ZeroMemory RtlZeroMemory
#define SecureZeroMemory RtlSecureZeroMemory
#define EqualMemory RtlEqualMemory

/* The calling thread's last error. One slot per thread, shared with
 * WSAGetLastError/WSASetLastError as on Windows. */
DWORD GetLastError(void);
void SetLastError(DWORD dwErrCode);

/* Closes an event handle (WSACreateEvent's) or a token handle
 * (OpenProcessToken's). Sockets are closed with closesocket; any other value
 * fails with ERROR_INVALID_HANDLE. */
BOOL CloseHandle(HANDLE hObject);

/* FormatMessage for system messages: FORMAT_MESSAGE_FROM_SYSTEM gives
 * Windows' English text for every code <winerror.h> defines, followed by
 * CR LF. FORMAT_MESSAGE_ALLOCATE_BUFFER makes lpBuffer a pointer to the
 * pointer that receives a LocalAlloc'd buffer (free it with LocalFree).
 * Returns the characters stored without the terminating null; 0 on failure
 * with GetLastError(): ERROR_MR_MID_NOT_FOUND for a code without a message,
 * ERROR_INSUFFICIENT_BUFFER when nSize is too small, ERROR_INVALID_PARAMETER
 * for a source other than the system, a message with inserts (%1) without
 * FORMAT_MESSAGE_IGNORE_INSERTS, or a null buffer. */
#define FORMAT_MESSAGE_ALLOCATE_BUFFER 0x00000100
#define FORMAT_MESSAGE_IGNORE_INSERTS 0x00000200
#define FORMAT_MESSAGE_FROM_STRING 0x00000400
#define FORMAT_MESSAGE_FROM_HMODULE 0x00000800
#define FORMAT_MESSAGE_FROM_SYSTEM 0x00001000
#define FORMAT_MESSAGE_ARGUMENT_ARRAY 0x00002000
#define FORMAT_MESSAGE_MAX_WIDTH_MASK 0x000000FF
#define LANG_NEUTRAL 0x00
#define LANG_ENGLISH 0x09
#define SUBLANG_NEUTRAL 0x00
#define SUBLANG_DEFAULT 0x01
#define SUBLANG_ENGLISH_US 0x01
#define MAKELANGID(primary, sub) ((((WORD)(sub)) << 10) | (WORD)(primary))
DWORD FormatMessageA(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId,
                     DWORD dwLanguageId, LPSTR lpBuffer, DWORD nSize,
                     va_list* Arguments);
DWORD FormatMessageW(DWORD dwFlags, LPCVOID lpSource, DWORD dwMessageId,
                     DWORD dwLanguageId, LPWSTR lpBuffer, DWORD nSize,
                     va_list* Arguments);
#ifdef UNICODE
#define FormatMessage FormatMessageW
#else
#define FormatMessage FormatMessageA
#endif

/* Local memory, as FormatMessage's buffers need it. LocalFree returns NULL
 * on success (and for NULL). */
#define LMEM_FIXED 0x0000
#define LMEM_ZEROINIT 0x0040
#define LPTR (LMEM_FIXED | LMEM_ZEROINIT)
HLOCAL LocalAlloc(UINT uFlags, SIZE_T uBytes);
HLOCAL LocalFree(HLOCAL hMem);

#define WAIT_OBJECT_0 0x00000000L
#define WAIT_FAILED ((DWORD)0xFFFFFFFF)

/* The simulated process the calling thread acts as (portres_sim.h). */
DWORD GetCurrentProcessId(void);

/* Alertable sleep: runs completion routines queued for this thread (spec
 * U20). Returns WAIT_IO_COMPLETION if it ran any, else 0. */
#define WAIT_IO_COMPLETION 0x000000C0L
DWORD SleepEx(DWORD dwMilliseconds, BOOL bAlertable);
void Sleep(DWORD dwMilliseconds);

/* Console control handlers (docs §22, DP31): Ctrl+C (SIGINT) runs them on a
 * thread of their own, newest first, until one returns TRUE; if none does,
 * the program ends with STATUS_CONTROL_C_EXIT. A NULL handler with Add TRUE
 * makes the program ignore Ctrl+C; with FALSE, heed it again. */
#define CTRL_C_EVENT 0
#define CTRL_BREAK_EVENT 1
#define CTRL_CLOSE_EVENT 2
#define CTRL_LOGOFF_EVENT 5
#define CTRL_SHUTDOWN_EVENT 6
#define STATUS_CONTROL_C_EXIT ((DWORD)0xC000013AL)
typedef BOOL(WINAPI* PHANDLER_ROUTINE)(DWORD CtrlType);
BOOL SetConsoleCtrlHandler(PHANDLER_ROUTINE HandlerRoutine, BOOL Add);

/* Cancel overlapped requests on a socket handle (`(HANDLE)s`), which then
 * complete with WSA_OPERATION_ABORTED (docs OV4, OV5). CancelIo: those the
 * calling thread issued; TRUE even if there were none. CancelIoEx: those of
 * every thread, or only `lpOverlapped`'s; FALSE with ERROR_NOT_FOUND if
 * none was pending. Both: FALSE with ERROR_INVALID_HANDLE for a handle that
 * is not an open socket of the calling process. */
BOOL CancelIo(HANDLE hFile);
struct _WSAOVERLAPPED;
BOOL CancelIoEx(HANDLE hFile, struct _WSAOVERLAPPED* lpOverlapped);

/* ---- The process's access token (docs W5) ---- */

/* Whether the process runs elevated, which persistent reservations need.
 * GetCurrentProcess returns the pseudo-handle (HANDLE)-1. OpenProcessToken
 * opens the calling process's token through that pseudo-handle (any other
 * process handle fails with ERROR_INVALID_HANDLE, a null TokenHandle with
 * ERROR_NOACCESS); CloseHandle closes it. The token keeps the elevation the
 * process started with. GetTokenInformation
 * answers TokenElevation (TOKEN_QUERY access needed, else ERROR_ACCESS_DENIED);
 * a buffer shorter than TOKEN_ELEVATION fails with ERROR_INSUFFICIENT_BUFFER
 * and the size needed in *ReturnLength; the other classes fail with
 * ERROR_NOT_SUPPORTED (the simulator keeps no users, groups or privileges). */
#define TOKEN_ASSIGN_PRIMARY 0x0001
#define TOKEN_DUPLICATE 0x0002
#define TOKEN_IMPERSONATE 0x0004
#define TOKEN_QUERY 0x0008
#define TOKEN_QUERY_SOURCE 0x0010
#define TOKEN_ADJUST_PRIVILEGES 0x0020
#define TOKEN_ADJUST_GROUPS 0x0040
#define TOKEN_ADJUST_DEFAULT 0x0080
#define TOKEN_ADJUST_SESSIONID 0x0100
typedef enum _TOKEN_ELEVATION_TYPE {
  TokenElevationTypeDefault = 1,
  TokenElevationTypeFull,
  TokenElevationTypeLimited
} TOKEN_ELEVATION_TYPE, *PTOKEN_ELEVATION_TYPE;
typedef enum _TOKEN_INFORMATION_CLASS {
  TokenUser = 1,
  TokenGroups,
  TokenPrivileges,
  TokenOwner,
  TokenPrimaryGroup,
  TokenDefaultDacl,
  TokenSource,
  TokenType,
  TokenImpersonationLevel,
  TokenStatistics,
  TokenRestrictedSids,
  TokenSessionId,
  TokenGroupsAndPrivileges,
  TokenSessionReference,
  TokenSandBoxInert,
  TokenAuditPolicy,
  TokenOrigin,
  TokenElevationType,
  TokenLinkedToken,
  TokenElevation,
  TokenHasRestrictions,
  TokenAccessInformation,
  TokenVirtualizationAllowed,
  TokenVirtualizationEnabled,
  TokenIntegrityLevel,
  TokenUIAccess,
  TokenMandatoryPolicy,
  TokenLogonSid
} TOKEN_INFORMATION_CLASS, *PTOKEN_INFORMATION_CLASS;
typedef struct _TOKEN_ELEVATION {
  DWORD TokenIsElevated;
} TOKEN_ELEVATION, *PTOKEN_ELEVATION;
HANDLE GetCurrentProcess(void);
BOOL OpenProcessToken(HANDLE ProcessHandle, DWORD DesiredAccess,
                      PHANDLE TokenHandle);
BOOL GetTokenInformation(HANDLE TokenHandle,
                         TOKEN_INFORMATION_CLASS TokenInformationClass,
                         LPVOID TokenInformation, DWORD TokenInformationLength,
                         PDWORD ReturnLength);

/* ---- Modules and the version (docs §19: PF1-PF3) ---- */

/* The simulated machine's system DLLs: kernel32, ntdll, ws2_32 and
 * iphlpapi (any case, with or without ".dll" or a directory). Any other
 * name fails with ERROR_MOD_NOT_FOUND. A module is never unloaded, so
 * FreeLibrary only checks the handle. */
#define LOAD_LIBRARY_SEARCH_SYSTEM32 0x00000800
HMODULE LoadLibraryA(LPCSTR lpLibFileName);
HMODULE LoadLibraryW(LPCWSTR lpLibFileName);
HMODULE LoadLibraryExA(LPCSTR lpLibFileName, HANDLE hFile, DWORD dwFlags);
HMODULE LoadLibraryExW(LPCWSTR lpLibFileName, HANDLE hFile, DWORD dwFlags);
HMODULE GetModuleHandleA(LPCSTR lpModuleName);
HMODULE GetModuleHandleW(LPCWSTR lpModuleName);
BOOL FreeLibrary(HMODULE hLibModule);
/* A function the module exports on the simulated machine: iphlpapi's six
 * Persistent* functions (none under the `wine-8` profile, as Wine 8 lacks
 * them: WN9), ntdll's RtlGetVersion (and wine_get_version under `wine-8`),
 * ws2_32's socket functions. Else NULL with ERROR_PROC_NOT_FOUND. */
FARPROC GetProcAddress(HMODULE hModule, LPCSTR lpProcName);
#ifdef UNICODE
#define LoadLibrary LoadLibraryW
#define LoadLibraryEx LoadLibraryExW
#define GetModuleHandle GetModuleHandleW
#else
#define LoadLibrary LoadLibraryA
#define LoadLibraryEx LoadLibraryExA
#define GetModuleHandle GetModuleHandleA
#endif

#define VER_PLATFORM_WIN32_NT 2
#define VER_NT_WORKSTATION 0x0000001
#define VER_NT_DOMAIN_CONTROLLER 0x0000002
#define VER_NT_SERVER 0x0000003
typedef struct _OSVERSIONINFOA {
  DWORD dwOSVersionInfoSize;
  DWORD dwMajorVersion;
  DWORD dwMinorVersion;
  DWORD dwBuildNumber;
  DWORD dwPlatformId;
  CHAR szCSDVersion[128];
} OSVERSIONINFOA, *POSVERSIONINFOA, *LPOSVERSIONINFOA;
typedef struct _OSVERSIONINFOW {
  DWORD dwOSVersionInfoSize;
  DWORD dwMajorVersion;
  DWORD dwMinorVersion;
  DWORD dwBuildNumber;
  DWORD dwPlatformId;
  WCHAR szCSDVersion[128];
} OSVERSIONINFOW, *POSVERSIONINFOW, *LPOSVERSIONINFOW, RTL_OSVERSIONINFOW,
    *PRTL_OSVERSIONINFOW;
typedef struct _OSVERSIONINFOEXA {
  DWORD dwOSVersionInfoSize;
  DWORD dwMajorVersion;
  DWORD dwMinorVersion;
  DWORD dwBuildNumber;
  DWORD dwPlatformId;
  CHAR szCSDVersion[128];
  WORD wServicePackMajor;
  WORD wServicePackMinor;
  WORD wSuiteMask;
  BYTE wProductType;
  BYTE wReserved;
} OSVERSIONINFOEXA, *POSVERSIONINFOEXA, *LPOSVERSIONINFOEXA;
typedef struct _OSVERSIONINFOEXW {
  DWORD dwOSVersionInfoSize;
  DWORD dwMajorVersion;
  DWORD dwMinorVersion;
  DWORD dwBuildNumber;
  DWORD dwPlatformId;
  WCHAR szCSDVersion[128];
  WORD wServicePackMajor;
  WORD wServicePackMinor;
  WORD wSuiteMask;
  BYTE wProductType;
  BYTE wReserved;
} OSVERSIONINFOEXW, *POSVERSIONINFOEXW, *LPOSVERSIONINFOEXW,
    RTL_OSVERSIONINFOEXW, *PRTL_OSVERSIONINFOEXW;
/* The version of the simulated machine's profile, as an application
 * without a compatibility manifest sees it: Windows 8.1 and later report
 * 6.2.9200 here (RtlGetVersion tells the truth). FALSE with
 * ERROR_INSUFFICIENT_BUFFER unless dwOSVersionInfoSize is the size of the
 * plain or the EX structure. */
BOOL GetVersionExA(LPOSVERSIONINFOA lpVersionInformation);
BOOL GetVersionExW(LPOSVERSIONINFOW lpVersionInformation);
#ifdef UNICODE
#define GetVersionEx GetVersionExW
#define OSVERSIONINFO OSVERSIONINFOW
#define OSVERSIONINFOEX OSVERSIONINFOEXW
#else
#define GetVersionEx GetVersionExA
#define OSVERSIONINFO OSVERSIONINFOA
#define OSVERSIONINFOEX OSVERSIONINFOEXA
#endif

/* ---- The wide-console shim ---- */

/* The entry point of a wide console program; portres::compat supplies the
 * main() that converts argv (UTF-8) and calls it. */
int wmain(int argc, wchar_t** argv);

/* wprintf with Microsoft's conversions: %s and %ws take wide strings, %S and
 * %hs narrow ones, %I64d/%I64u/%I64x and %ll 64-bit integers, %l 32-bit ones
 * (LLP64), %c a wide character.
 * Writes UTF-8 to stdout. Returns the characters written, or -1. */
int portres_wprintf(const wchar_t* format, ...);
#define wprintf portres_wprintf

/* _wtoi as the CRT defines it: leading blanks, optional sign, decimal digits;
 * 0 when there are none. */
int _wtoi(const wchar_t* text);

#ifdef __cplusplus
} /* extern "C" */
namespace std {
using ::portres_wprintf;
}
#endif

PORTRES_COMPAT_API_END

#endif /* PORTRES_COMPAT_WINDOWS_H_ */
