/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SD_ERROR (sd_error_quark ())

/* Codes a caller can act on; the message says the rest to a person. */
typedef enum
{
  SD_ERROR_INVALID_INPUT,
  SD_ERROR_NOT_FOUND,
  SD_ERROR_CONFLICT,
  SD_ERROR_PERMISSION_DENIED,
  SD_ERROR_AUTH_EXPIRED,
  SD_ERROR_RATE_LIMITED,
  SD_ERROR_NETWORK,
  SD_ERROR_CORRUPT,
  SD_ERROR_TOO_NEW,
  SD_ERROR_IO,
} SdError;

GQuark sd_error_quark (void);

G_END_DECLS
