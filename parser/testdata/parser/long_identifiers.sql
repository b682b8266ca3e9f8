-- golden: runner=psql
CREATE TABLE Customer_Subscription_Billing_Period_Adjustment_History_Entries_X (
  id bigint,
  "Adjustment_reason_code_as_reported_by_the_upstream_billing_system" text,
  "éééééééééééééééééééééééééééééééé" int,
  note text DEFAULT 'a_string_literal_that_is_much_longer_than_sixty_three_bytes_of_text_ok'
);
-- a_comment_word_that_is_much_longer_than_sixty_three_bytes_of_text_is_skipped
CREATE TABLE short_name (id bigint);
