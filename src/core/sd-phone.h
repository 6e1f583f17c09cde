/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Stored in customers.phone_state; the numbers are part of the schema. */
typedef enum
{
  SD_PHONE_NONE = 0,    /* no number given */
  SD_PHONE_VALID = 1,   /* normalised E.164, usable to reach the customer */
  SD_PHONE_INVALID = 2, /* kept as given, never used as a number */
  SD_PHONE_MASKED = 3,  /* platform-masked, encrypted or a privacy number: kept as given */
} SdPhoneState;

SdPhoneState sd_phone_normalize      (const char  *input,
                                      char       **out_phone);
char        *sd_phone_format_display (const char  *phone);
char        *sd_phone_mask           (const char  *phone);

G_END_DECLS
