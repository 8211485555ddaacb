// Compiled by `make lint` together with the types openapi-typescript generates from spec/
// (into out/). It proves the generated types are usable and as strict as the specs: each
// assignment must type-check, and each @ts-expect-error line must be an error.
import type { components as gws } from './out/gws-chat';
import type { components as so } from './out/superoffice-chat';
import type { components as acq } from './out/acquire-chat';
import type { components as ctl } from './out/mock-control';

type GwsMessage = gws['schemas']['Message'];
type GwsNotification = gws['schemas']['MessageLogUpdatedNotification'];

export const joined: GwsMessage = {
  index: 1,
  type: 'ParticipantJoined',
  from: { nickname: 'Chris', participantId: '1', type: 'Customer' },
};

export const notification: GwsNotification = {
  channel: '/v2/me/chats',
  data: {
    messageType: 'MessageLogUpdated',
    notificationType: 'NewMessages',
    chatUri: 'http://127.0.0.1:8080/api/v2/chats/0000Wa9CAM6W00FN',
    messages: [{ ...joined, visibility: 'All', timestamp: '2014-01-09 11:58:12.035+0200', timestampSeconds: 1389261492035 }],
  },
};

export const send: gws['schemas']['CustomerOperation'] = { operationName: 'SendMessage', text: 'Hello?' };

// @ts-expect-error participantId is a string in GWS
export const badParticipant: gws['schemas']['Participant'] = { nickname: 'Chris', participantId: 1, type: 'Customer' };

// @ts-expect-error message types are a closed set
export const badType: GwsMessage = { index: 2, type: 'Chatter', from: joined.from };

export const soType: so['schemas']['ChatMessage']['Type'] = 'ToCustomer';

// @ts-expect-error SuperOffice message types are Invalid, ToCustomer, ToUser, Special
export const soBadType: so['schemas']['ChatMessage']['Type'] = 'Message';

export function messageIds(r: acq['schemas']['MessagesResponse']): number[] {
  return r.data.messages.map((m) => m.id);
}

export function faultStatus(f: ctl['schemas']['Fault']): number | undefined {
  return f.status;
}
