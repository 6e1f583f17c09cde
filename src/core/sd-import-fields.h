/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  SD_IMPORT_CUSTOMERS,
  SD_IMPORT_ORDERS,
} SdImportKind;

/* What a column of an imported file holds. */
typedef enum
{
  SD_FIELD_NONE = 0,        /* not recognised: left alone */
  SD_FIELD_IGNORE,          /* recognised, derived or not ours to import (e.g. total spent) */
  SD_FIELD_PLATFORM,
  SD_FIELD_NICK,
  SD_FIELD_NAME,
  SD_FIELD_PHONE,
  SD_FIELD_EMAIL,
  SD_FIELD_GENDER,
  SD_FIELD_BIRTHDAY,
  SD_FIELD_PROVINCE,
  SD_FIELD_CITY,
  SD_FIELD_DISTRICT,
  SD_FIELD_ADDRESS,         /* the street part */
  SD_FIELD_FULL_ADDRESS,    /* province, city, district and street in one cell */
  SD_FIELD_TAGS,
  SD_FIELD_NOTES,
  SD_FIELD_SOURCE,
  SD_FIELD_CREATED_AT,      /* customer since, or when the order was placed */
  SD_FIELD_SMS_OPT_OUT,
  SD_FIELD_SMS_OPT_OUT_REASON,
  SD_FIELD_ORDER_ID,
  SD_FIELD_AMOUNT,
  SD_FIELD_STATUS,
  SD_FIELD_PAID_AT,
  SD_FIELD_MODIFIED_AT,
  SD_FIELD_REFUND_STATE,
  SD_FIELD_REFUND_AMOUNT,
  SD_FIELD_ITEM_TITLE,
  SD_FIELD_ITEM_QUANTITY,
  SD_FIELD_ITEM_PRICE,
  SD_N_FIELDS
} SdField;

const char *sd_field_to_string      (SdField     field);
gboolean    sd_field_from_string    (const char *name,
                                     SdField    *out_field);
const char *sd_field_describe       (SdField     field);
SdField     sd_field_for_header     (const char *header);
/* The same, and how good a name for the field the header is: 0 is the best. */
SdField     sd_field_for_header_ranked (const char *header,
                                        guint      *out_rank);
char       *sd_field_list_names     (void);

/* Whether an import of KIND reads a column mapped to FIELD (an orders file's amount means
 * nothing to a customers import). */
gboolean    sd_field_is_read        (SdField       field,
                                     SdImportKind  kind);
/* The fields a column can be mapped to in an import of KIND, in the order people look for
 * them (identity first), into OUT_FIELDS (room for SD_N_FIELDS); how many. */
guint       sd_field_list_mappable  (SdImportKind  kind,
                                     SdField      *out_fields);
/* What to call FIELD in a list of choices, translated: "Buyer nick", and for
 * SD_FIELD_CREATED_AT "Customer since" or "Order placed" after KIND. */
const char *sd_field_get_label      (SdField       field,
                                     SdImportKind  kind);

G_END_DECLS
