/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "bs-book-record.h"
#include "bs-json-body.h"
#include "bs-json-fields.h"
#include "fuzz.h"

/* A request body as the service reads one: the strict parse, then the members the
 * routes ask for and a catalog entry. Anything may be refused; nothing may crash. */
int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) object = bs_json_body_parse_object ((const char *) data, size, &error);
  g_autoptr(BsBookRecord) record = NULL;
  const char *text = NULL;
  int number = 0;

  if (object == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }
  g_assert_no_error (error);

  if (bs_json_member_string (object, "username", TRUE, &text, &error))
    g_assert_true (g_utf8_validate (text, -1, NULL));
  g_clear_error (&error);
  if (bs_json_member_int (object, "quantity", 0, 99, FALSE, &number, &error))
    g_assert_true (number >= 0 && number <= 99);
  g_clear_error (&error);
  record = bs_book_record_new_from_json (object, &error);
  g_assert_true ((record == NULL) == (error != NULL));
  return 0;
}
