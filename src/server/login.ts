// The one login every workshop server accepts, and the AUTH PLAIN line students copy from the lessons.
export const WORKSHOP_USER = 'student';
export const WORKSHOP_PASSWORD = 'workshop';

/** base64 of `\0student\0workshop`, the AUTH PLAIN initial response. */
export const PLAIN_LOGIN = Buffer.from(`\0${WORKSHOP_USER}\0${WORKSHOP_PASSWORD}`).toString('base64');
