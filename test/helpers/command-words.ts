// Real command words mixed into the fuzzers' hostile text, so generated input reaches deep paths.
export const PROMISE_WORDS = ['list', 'done', 'snooze', 'cancel', 'reschedule', 'help', 'ACME-4411', 'in 2h', 'by 3pm', 'tomorrow 10am', 'by EOD', '#1', '1', 'refund status'];
