// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

/* File: portres_windows.h
 *
 * What portres's compat layer gives Win32 code for <windows.h> (and
 * <Windows.h>, <Windows.h.>, which forward here): Windows' base types with
 * Windows' sizes, the Win32 error numbers the port-reservation family uses,
 * GetCurrentProcessId() for the simulated process, and a wide-console shim
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

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <wchar.h>
#ifdef __cplusplus
/* <cwchar> #undefs wprintf; including it (once, it is guarded) before the
 * wprintf macro below keeps later C++ includes from removing the macro. */
#include <cwchar>
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Calling conventions and annotations mean nothing off Windows. */
#define WINAPI
#define __cdecl
#define __stdcall
#define CALLBACK
#define IN
#define OUT
#define OPTIONAL
#define _In_
#define _In_opt_
#define _Out_
#define _Out_opt_
#define _Inout_

/* Base types (LLP64: LONG and ULONG stay 32-bit). */
typedef int BOOL;
typedef unsigned char BYTE;
typedef unsigned short WORD;
typedef uint32_t DWORD;
typedef int32_t LONG;
typedef uint32_t ULONG;
typedef unsigned short USHORT;
typedef short SHORT;
typedef int INT;
typedef unsigned int UINT;
typedef char CHAR;
typedef unsigned char UCHAR;
typedef wchar_t WCHAR;
typedef int64_t LONG64;
typedef uint64_t ULONG64;
typedef uint64_t DWORD64;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
typedef uintptr_t ULONG_PTR;
typedef intptr_t LONG_PTR;
typedef uintptr_t UINT_PTR;
typedef void* PVOID;
typedef void* LPVOID;
typedef const void* LPCVOID;
typedef void* HANDLE;
typedef BOOL* LPBOOL;
typedef DWORD* LPDWORD;
typedef DWORD* PDWORD;
typedef ULONG* PULONG;
typedef USHORT* PUSHORT;
typedef ULONG64* PULONG64;
typedef INT* LPINT;
typedef WCHAR* LPWSTR;
typedef const WCHAR* LPCWSTR;
typedef CHAR* LPSTR;
typedef const CHAR* LPCSTR;

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#define INFINITE 0xFFFFFFFFu

#define MAKEWORD(low, high) \
  ((WORD)(((BYTE)((low) & 0xff)) | ((WORD)((BYTE)((high) & 0xff))) << 8))
#define LOBYTE(w) ((BYTE)((w) & 0xff))
#define HIBYTE(w) ((BYTE)(((w) >> 8) & 0xff))
#define ZeroMemory(dest, len) memset((dest), 0, (len))
#define SecureZeroMemory(dest, len) memset((dest), 0, (len))

/* Win32 error codes (winerror.h) of the port-reservation family, spec §1.3. */
#define NO_ERROR 0L
#define ERROR_SUCCESS 0L
#define ERROR_ACCESS_DENIED 5L
#define ERROR_INVALID_HANDLE 6L
#define ERROR_SHARING_VIOLATION 32L
#define ERROR_NOT_SUPPORTED 50L
#define ERROR_INVALID_PARAMETER 87L
#define ERROR_INSUFFICIENT_BUFFER 122L
#define ERROR_NOT_FOUND 1168L

/* The simulated process the calling thread acts as (portres_sim.h). */
DWORD GetCurrentProcessId(void);

/* Alertable sleep: runs completion routines queued for this thread (spec
 * U20). Returns WAIT_IO_COMPLETION if it ran any, else 0. */
#define WAIT_IO_COMPLETION 0x000000C0L
DWORD SleepEx(DWORD dwMilliseconds, BOOL bAlertable);

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

#endif /* PORTRES_COMPAT_WINDOWS_H_ */
