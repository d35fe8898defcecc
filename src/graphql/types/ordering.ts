import { Field, InputType, registerEnumType } from 'type-graphql';

export enum UserOrderField {
  EMAIL = 'EMAIL',
  NAME = 'NAME',
  FIRST_SEEN = 'FIRST_SEEN',
}

export enum SortDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}

registerEnumType(UserOrderField, {
  name: 'UserOrderField',
  description: 'What a list of users is sorted by; ties are broken by email.',
  valuesConfig: {
    EMAIL: { description: 'Normalised email.' },
    NAME: { description: 'Display name (see User.name), case-insensitive; people without a name first when ascending.' },
    FIRST_SEEN: { description: 'When the person was first seen.' },
  },
});
registerEnumType(SortDirection, {
  name: 'SortDirection',
  description: 'Ascending or descending.',
  valuesConfig: { ASC: { description: 'Smallest first.' }, DESC: { description: 'Largest first.' } },
});

@InputType({ description: 'The order of a list of users.' })
export class UserOrder {
  @Field(() => UserOrderField, { defaultValue: UserOrderField.EMAIL, description: 'Sort key (default EMAIL).' })
  field!: UserOrderField;

  @Field(() => SortDirection, { defaultValue: SortDirection.ASC, description: 'Direction (default ASC).' })
  direction!: SortDirection;
}
