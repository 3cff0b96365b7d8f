/** The payload of an event that takes none: any field is an error (400). */
export class NoPayload {}
