// The topics of `/coach help`, in the order the short help lists them. One list for the whole
// coach because Slack caps a section at 3,000 characters: the short help names every command in
// one line per topic, and `/coach help <topic>` explains one topic in full. A new feature either
// joins a topic here or adds its own line (name, title, what it is for) and sets `help.topic`.

export const HELP_TOPICS = [
  { name: 'principles', title: 'Daily principles', summary: 'A short service principle in the channel every working day, with one thing to try.' },
  { name: 'promises', title: 'Callback promises', summary: 'Tell me who you promised to call back and when, and I make sure you never forget.' },
  { name: 'discussions', title: 'Weekly discussion', summary: 'Once a week the channel talks through one "I am your customer" scene.' },
  { name: 'availability', title: 'Days off and working hours', summary: 'Holidays and closed days the channel skips, your own hours, and time away: reminders follow when you really work.' },
  { name: 'managers', title: 'Numbers and managers', summary: 'Your own numbers, and the tools team leads have: team stats, who manages, the audit log and erasure on request.' },
] as const;

export type HelpTopicName = (typeof HELP_TOPICS)[number]['name'];
