/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shopdesk-sim"

#include "sd-sim-request.h"


SdSimAnswer *
sd_sim_answer_new (guint       status,
                   const char *content_type)
{
  SdSimAnswer *self = g_new0 (SdSimAnswer, 1);

  self->status = status;
  self->content_type = content_type;
  self->body = g_string_sized_new (256);
  self->headers = g_ptr_array_new_with_free_func (g_free);
  return self;
}

SdSimAnswer *
sd_sim_answer_new_json (guint status)
{
  return sd_sim_answer_new (status, "application/json; charset=utf-8");
}

/* What a gateway in front of the platform says when the service behind it fails. */
SdSimAnswer *
sd_sim_answer_new_gateway (guint status)
{
  SdSimAnswer *self = sd_sim_answer_new (status, "text/html");

  g_string_printf (self->body,
                   "<html>\r\n<head><title>%u %s</title></head>\r\n<body>\r\n"
                   "<center><h1>%u %s</h1></center>\r\n<hr><center>Tengine</center>\r\n"
                   "</body>\r\n</html>\r\n",
                   status, sd_sim_status_phrase (status), status,
                   sd_sim_status_phrase (status));
  return self;
}

void
sd_sim_answer_add_header (SdSimAnswer *self,
                          const char  *name,
                          const char  *value)
{
  g_ptr_array_add (self->headers, g_strdup (name));
  g_ptr_array_add (self->headers, g_strdup (value));
}

/* The whole-body kinds of malformed answer: not JSON at all, or JSON cut off before its end
 * (with a Content-Length that matches, so only a parser notices). */
void
sd_sim_answer_spoil (SdSimAnswer  *self,
                     SdSimMalform  malform)
{
  switch (malform)
    {
    case SD_SIM_MALFORM_NOT_JSON:
      g_string_assign (self->body, "<html><body><h1>System busy, please try again later"
                                   "</h1></body></html>\n");
      self->content_type = "text/html";
      break;
    case SD_SIM_MALFORM_BROKEN_JSON:
    case SD_SIM_MALFORM_MISSING_FIELD:
    case SD_SIM_MALFORM_MISTYPED_FIELD:
      /* Any proper prefix of a JSON object is not JSON. */
      g_string_truncate (self->body, self->body->len / 2);
      break;
    case SD_SIM_MALFORM_NONE:
    case SD_SIM_N_MALFORMS:
    default:
      return;
    }
  self->malformed = TRUE;
}

void
sd_sim_answer_free (SdSimAnswer *self)
{
  if (self == NULL)
    return;
  if (self->body != NULL)
    g_string_free (self->body, TRUE);
  g_ptr_array_unref (self->headers);
  g_free (self);
}

const char *
sd_sim_status_phrase (guint status)
{
  if (status == SD_SIM_STATUS_TOO_MANY_REQUESTS)
    return "Too Many Requests";
  return soup_status_get_phrase (status);
}

/* A parameter, or NULL when it is absent or empty (TOP treats the two alike). */
const char *
sd_sim_request_param (const SdSimRequest *request,
                      const char         *name)
{
  const char *value = g_hash_table_lookup (request->params, name);

  return value != NULL && *value != '\0' ? value : NULL;
}
