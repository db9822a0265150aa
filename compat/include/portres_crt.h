// Copyright 2026 The portres Authors
// SPDX-License-Identifier: Apache-2.0

/* File: portres_crt.h
 *
 * The Microsoft C runtime names Winsock programs use beside the C library's
 * (docs §22, DP30): _stricmp, _strnicmp, strcpy_s, strcat_s, strncpy_s,
 * sprintf_s, vsprintf_s, _snprintf_s, _vsnprintf_s, _snprintf, _vsnprintf,
 * with errno_t, rsize_t and _TRUNCATE, and in C++ the array overloads
 * (`char buffer[64]; sprintf_s(buffer, "%d", n);`). <windows.h> includes it.
 *
 * The secure functions check their arguments as Microsoft's CRT does: a
 * null pointer, a zero size or a result that does not fit empties the
 * destination and calls the invalid-parameter handler, whose default ends
 * the program (here with a message naming the function on stderr, then
 * abort()): code that overflows a buffer on Windows stops here too.
 */
#ifndef PORTRES_COMPAT_CRT_H_
#define PORTRES_COMPAT_CRT_H_

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef int errno_t;
#ifndef __STDC_LIB_EXT1__
typedef size_t rsize_t;
#endif
#define _TRUNCATE ((size_t)-1)

/* The default invalid-parameter handler: the program ends. */
static inline void portres_invalid_parameter(const char* function) {
  fprintf(stderr,
          "portres compat: invalid parameter passed to %s; the program ends, "
          "as with Microsoft's C runtime\n",
          function);
  fflush(stderr);
  abort();
}

static inline int _strnicmp(const char* a, const char* b, size_t count) {
  size_t i;
  for (i = 0; i < count; ++i) {
    const int x = tolower((unsigned char)a[i]);
    const int y = tolower((unsigned char)b[i]);
    if (x != y || x == 0) return x - y;
  }
  return 0;
}
static inline int _stricmp(const char* a, const char* b) {
  return _strnicmp(a, b, (size_t)-1);
}

static inline errno_t strcpy_s(char* dest, rsize_t size, const char* src) {
  size_t length;
  if (dest == NULL || size == 0 || src == NULL) {
    if (dest != NULL && size != 0) dest[0] = '\0';
    portres_invalid_parameter("strcpy_s");
  }
  length = strlen(src);
  if (length >= size) {
    dest[0] = '\0';
    portres_invalid_parameter("strcpy_s");
  }
  memcpy(dest, src, length + 1);
  return 0;
}

static inline errno_t strcat_s(char* dest, rsize_t size, const char* src) {
  size_t used;
  if (dest == NULL || size == 0 || src == NULL) {
    if (dest != NULL && size != 0) dest[0] = '\0';
    portres_invalid_parameter("strcat_s");
  }
  used = 0;
  while (used < size && dest[used] != '\0') ++used;
  if (used == size || used + strlen(src) >= size) {
    dest[0] = '\0';
    portres_invalid_parameter("strcat_s");
  }
  memcpy(dest + used, src, strlen(src) + 1);
  return 0;
}

/* Copies at most `count` characters (_TRUNCATE: as many as fit, then
 * STRUNCATE when some did not). */
#define STRUNCATE 80
static inline errno_t strncpy_s(char* dest, rsize_t size, const char* src,
                                rsize_t count) {
  size_t length = 0;
  if (dest == NULL || size == 0 || src == NULL) {
    if (dest != NULL && size != 0) dest[0] = '\0';
    portres_invalid_parameter("strncpy_s");
  }
  while (length < count && src[length] != '\0') {
    if (length + 1 == size) {
      if (count == _TRUNCATE) {
        memcpy(dest, src, length);
        dest[length] = '\0';
        return STRUNCATE;
      }
      dest[0] = '\0';
      portres_invalid_parameter("strncpy_s");
    }
    ++length;
  }
  memcpy(dest, src, length);
  dest[length] = '\0';
  return 0;
}

static inline int vsprintf_s(char* buffer, size_t size, const char* format,
                             va_list args) {
  int written;
  if (buffer == NULL || size == 0 || format == NULL) {
    portres_invalid_parameter("sprintf_s");
  }
  written = vsnprintf(buffer, size, format, args);
  if (written < 0 || (size_t)written >= size) {
    buffer[0] = '\0';
    portres_invalid_parameter("sprintf_s");
  }
  return written;
}
static inline int sprintf_s(char* buffer, size_t size, const char* format,
                            ...) {
  int written;
  va_list args;
  va_start(args, format);
  written = vsprintf_s(buffer, size, format, args);
  va_end(args);
  return written;
}

/* At most `count` characters (_TRUNCATE: as many as fit); -1 when the
 * output was cut. */
static inline int _vsnprintf_s(char* buffer, size_t size, size_t count,
                               const char* format, va_list args) {
  int written;
  size_t limit;
  if (buffer == NULL || size == 0 || format == NULL) {
    portres_invalid_parameter("_snprintf_s");
  }
  if (count != _TRUNCATE && count >= size) {
    /* Fits only if the whole output does. */
    written = vsnprintf(buffer, size, format, args);
    if (written < 0 || (size_t)written >= size) {
      buffer[0] = '\0';
      portres_invalid_parameter("_snprintf_s");
    }
    return written;
  }
  limit = count == _TRUNCATE ? size - 1 : count;
  written = vsnprintf(buffer, limit + 1, format, args);
  if (written < 0) return -1;
  return (size_t)written > limit ? -1 : written;
}
static inline int _snprintf_s(char* buffer, size_t size, size_t count,
                              const char* format, ...) {
  int written;
  va_list args;
  va_start(args, format);
  written = _vsnprintf_s(buffer, size, count, format, args);
  va_end(args);
  return written;
}

/* The old, unchecked pair: no terminator when the output fills `count`,
 * and -1 when it does not fit. */
static inline int _vsnprintf(char* buffer, size_t count, const char* format,
                             va_list args) {
  char* copy;
  int written;
  va_list again;
  va_copy(again, args);
  written = vsnprintf(NULL, 0, format, again);
  va_end(again);
  if (written < 0) return -1;
  copy = (char*)malloc((size_t)written + 1);
  if (copy == NULL) return -1;
  vsnprintf(copy, (size_t)written + 1, format, args);
  memcpy(buffer, copy, (size_t)written < count ? (size_t)written + 1 : count);
  free(copy);
  return (size_t)written <= count ? written : -1;
}
static inline int _snprintf(char* buffer, size_t count, const char* format,
                            ...) {
  int written;
  va_list args;
  va_start(args, format);
  written = _vsnprintf(buffer, count, format, args);
  va_end(args);
  return written;
}

#ifdef __cplusplus
} /* extern "C" */

/* Microsoft's C++ overloads that take the destination's size from its
 * array type. */
template <size_t N>
inline errno_t strcpy_s(char (&dest)[N], const char* src) {
  return strcpy_s(dest, N, src);
}
template <size_t N>
inline errno_t strcat_s(char (&dest)[N], const char* src) {
  return strcat_s(dest, N, src);
}
template <size_t N>
inline errno_t strncpy_s(char (&dest)[N], const char* src, size_t count) {
  return strncpy_s(dest, N, src, count);
}
template <size_t N>
inline int sprintf_s(char (&buffer)[N], const char* format, ...) {
  va_list args;
  va_start(args, format);
  const int written = vsprintf_s(buffer, N, format, args);
  va_end(args);
  return written;
}
template <size_t N>
inline int _snprintf_s(char (&buffer)[N], size_t count, const char* format,
                       ...) {
  va_list args;
  va_start(args, format);
  const int written = _vsnprintf_s(buffer, N, count, format, args);
  va_end(args);
  return written;
}
#endif

#endif /* PORTRES_COMPAT_CRT_H_ */
