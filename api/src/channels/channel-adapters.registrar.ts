import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ChannelRegistry } from './channel-registry';
import { CustomAdapter } from './custom/custom.adapter';
import { InstagramAdapter } from './instagram/instagram.adapter';
import { MessengerAdapter } from './messenger/messenger.adapter';
import { TelegramAdapter } from './telegram/telegram.adapter';
import { WhatsAppAdapter } from './whatsapp/whatsapp.adapter';
import { XAdapter } from './x/x.adapter';

/** Registers this module's adapters; other features (web chat) call `ChannelRegistry.register` the same way. */
@Injectable()
export class ChannelAdaptersRegistrar implements OnModuleInit {
  constructor(
    private readonly registry: ChannelRegistry,
    private readonly messenger: MessengerAdapter,
    private readonly instagram: InstagramAdapter,
    private readonly whatsapp: WhatsAppAdapter,
    private readonly x: XAdapter,
    private readonly telegram: TelegramAdapter,
    private readonly custom: CustomAdapter,
  ) {}

  onModuleInit(): void {
    for (const adapter of [this.messenger, this.instagram, this.whatsapp, this.x, this.telegram, this.custom]) this.registry.register(adapter);
  }
}

export const CHANNEL_ADAPTER_PROVIDERS = [MessengerAdapter, InstagramAdapter, WhatsAppAdapter, XAdapter, TelegramAdapter, CustomAdapter, ChannelAdaptersRegistrar];
