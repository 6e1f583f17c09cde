/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "sd-phone.h"
#include "sd-rfm.h"

G_BEGIN_DECLS

typedef enum
{
  SD_GENDER_UNKNOWN = 0,
  SD_GENDER_MALE = 1,
  SD_GENDER_FEMALE = 2,
} SdGender;

typedef struct
{
  gint64  id;
  gint64  customer_id;
  gint64  author_id;
  char   *author_name;
  char   *body;
  gint64  created_at;          /* UTC seconds */
} SdNote;

/* A customer as the core hands it out: a plain record, owned by whoever holds it.
 * Text fields are never NULL once read from the database ("" when empty). */
typedef struct
{
  gint64        id;
  char         *platform;     /* "taobao", "tmall", "shopify", "other" */
  char         *nick;         /* buyer nick, unique per platform */
  char         *name;
  char         *phone;        /* E.164 when phone_state is VALID, else as given */
  SdPhoneState  phone_state;
  char         *email;
  SdGender      gender;
  char         *birthday;     /* YYYY-MM-DD or "" */
  char         *province;
  char         *city;
  char         *district;
  char         *address;      /* the street part, after the district */
  char         *source;       /* where the record came from: "import:FILE", "demo", … */
  gint64        created_at;
  gint64        updated_at;
  gint64        sms_opt_out_at;     /* 0: may receive SMS */
  char         *sms_opt_out_reason;
  /* Aggregates over the customer's counted orders, kept by the store. */
  gint64        total_spent_cents;
  gint64        order_count;
  gint64        first_order_at;     /* 0: no order */
  gint64        last_order_at;      /* 0: no order */
  gint64        refund_count;
  /* Kept by the tiers (sd-tiers.h): the grade held (-1 before the first computation),
   * whether it was pinned by hand, and the RFM group. Saving a customer leaves them. */
  int           tier;
  gboolean      tier_pinned;
  SdRfmGroup    rfm_group;
  GPtrArray    *tags;               /* char * */
  GPtrArray    *notes;              /* SdNote *, oldest first; NULL unless asked for */
  /* TRUE when the reader may not see full contact details: the phone reads "138****1234"
   * and the street address is cut ("****"); saving such a record keeps the stored ones. */
  gboolean      contact_masked;
  /* The record's version when it was read; every saved change raises it. Saving a record
   * read before someone else's change is refused with SD_ERROR_STALE (0: not checked). */
  gint64        row_version;
} SdCustomer;

#define SD_TYPE_CUSTOMER (sd_customer_get_type ())
#define SD_TYPE_NOTE (sd_note_get_type ())

GType       sd_customer_get_type      (void) G_GNUC_CONST;
SdCustomer *sd_customer_new           (void);
SdCustomer *sd_customer_copy          (const SdCustomer *customer);
void        sd_customer_free          (SdCustomer       *customer);
gint64      sd_customer_get_average_order_cents (const SdCustomer *customer);
void        sd_customer_set_text      (char            **field,
                                       const char       *value);
/* A field a person edits, by the name sd_customers_save_edit () reports ("name", "phone",
 * "gender", "tags", …), as text; NULL for a name that is none. */
char       *sd_customer_get_field     (const SdCustomer *customer,
                                       const char       *field);
/* Sets an editable field by name from text (gender: male, female, unknown, 男, 女 …). */
gboolean    sd_customer_set_field     (SdCustomer       *customer,
                                       const char       *field,
                                       const char       *value,
                                       GError          **error);

GType       sd_note_get_type          (void) G_GNUC_CONST;
SdNote     *sd_note_new               (void);
SdNote     *sd_note_copy              (const SdNote     *note);
void        sd_note_free              (SdNote           *note);

const char *sd_gender_to_string       (SdGender          gender);
gboolean    sd_gender_parse           (const char       *text,
                                       SdGender         *out_gender);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdCustomer, sd_customer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SdNote, sd_note_free)

G_END_DECLS
